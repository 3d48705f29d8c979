/** Attendance summary derived from the attendee rows: expected, present, absent/on leave with reasons. */
import { ATTENDANCE_LABELS, type Attendance as AttendanceKind } from '../../../shared/minutes/fields'
import type { Row } from '../../../shared/minutes/minutesDoc'

export function attendanceSummary(rows: readonly Row[]) {
  const present = rows.filter((r) => r.attendance === 'present')
  const away = rows.filter((r) => r.attendance !== 'present')
  return {
    expected: rows.length,
    present: present.length,
    presentNames: present.map((r) => r.name).join('、'),
    away: away.map((r) => `${r.name}（${ATTENDANCE_LABELS[r.attendance as AttendanceKind] ?? '未填'}${r.reason ? `：${r.reason}` : ''}）`).join('、'),
  }
}

export function Attendance({ rows }: { rows: readonly Row[] }) {
  const s = attendanceSummary(rows)
  return (
    <p className="small" data-testid="attendance-summary">
      应到 {s.expected} 人，实到 {s.present} 人{s.away ? `；缺席/请假：${s.away}` : ''}
    </p>
  )
}
