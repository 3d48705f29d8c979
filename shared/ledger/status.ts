/** The derived status of any record whose kind has a workflow, in one shape for tables and filters. */
import { formatValue } from './fields.js'
import type { KindDef, LedgerRecord } from './kind.js'
import { disputeStatus } from './workflows/dispute.js'
import { thingStatus, upkeepsIn } from './workflows/hazard.js'
import type { CadencePeriod } from '../settings/layer.js'
import type { Rejected } from './workflows/replay.js'
import { INCIDENT_ROUTE_LABELS, incidentStatus, type Departed } from './workflows/incident.js'
import { disputeTownshipLine, incidentTownshipLine } from './townshipInbox.js'
import { withDefaultDeadline } from '../settings/deadlines.js'
import type { DeadlineDays } from '../settings/effective.js'

export type RecordStatus = {
  label: string
  open: boolean
  overdue: boolean
  conflicts: number
  /** Facts that could not apply (shown as conflicts), and what can be done next. */
  rejected: Rejected[]
  next: string[]
  /** One line on where the case stands (level, stage, counts). */
  detail: string
  /** Where it stands at the township, for the member who reported it (已上报镇 / 镇已受理 / 已交办给 X / 已退回：原因), or null. */
  townshipLine: string | null
}

/**
 * `deadlines`: the default time limits in force (shared/settings/deadlines.ts), for a record
 * without its own; `departed`: members who have left the village (from the roster), whose
 * incidents another member may check.
 */
/** `inspectEvery`: how often a 公益设施 is to be inspected (the settings in force), for its 本月未检查. */
export function recordStatus(def: KindDef, given: LedgerRecord, today: string, options: { deadlines?: DeadlineDays; departed?: Departed; inspectEvery?: CadencePeriod } = {}): RecordStatus | null {
  const { deadlines, departed, inspectEvery } = options
  const record = deadlines ? withDefaultDeadline(given, deadlines) : given
  switch (def.workflow) {
    case undefined:
      return null
    case 'incident': {
      const s = incidentStatus(record, today, departed)
      const decision = s.decision ? `；${s.decision.level}级${s.decision.approved ? '批准' : `不予批准（${s.decision.reason}）`}：${s.decision.byName}` : ''
      const detail = `${INCIDENT_ROUTE_LABELS[s.route]}${decision}；办理层级：${s.level}级${s.trackerName ? `；现场跟踪：${s.trackerName}` : ''}${s.firstResponder ? `；首问：${s.firstResponder.name}` : ''}${s.leadUnit ? `；牵头单位：${s.leadUnit}${s.coUnits ? `，协办单位：${s.coUnits}` : ''}` : ''}${s.outcome === '已解释、暂不能解决' ? `；已解释、暂不能解决：${s.explanation}` : ''}${s.failures ? `；核查不通过 ${s.failures} 次` : ''}${s.supervised ? '；已列入督办' : ''}`
      return {
        label: s.supervised ? `${s.label}（督办）` : s.label,
        open: !s.done,
        overdue: s.overdue,
        conflicts: s.rejected.length,
        rejected: s.rejected,
        next: s.next,
        detail,
        townshipLine: incidentTownshipLine(s),
      }
    }
    case 'dispute': {
      const s = disputeStatus(record, today)
      return { label: s.label, open: s.outcome === 'open', overdue: s.overdue, conflicts: s.rejected.length, rejected: s.rejected, next: s.next, detail: `调处阶段：${s.stage}；调解 ${s.mediations} 次`, townshipLine: disputeTownshipLine(s) }
    }
    case 'hazard': {
      const s = thingStatus(record, today, inspectEvery)
      const year = today.slice(0, 4)
      const upkeeps = upkeepsIn(s, year)
      // 定期检查 (F003§8) has no period in the plans: the day of the last one says how long it has been.
      const lastInspection = s.inspectionDays.reduce((last, day) => (day > last ? day : last), '')
      const upkeep = s.isHazard ? '' : `；${year} 年管护 ${upkeeps.count} 次${upkeeps.last ? `（最近 ${upkeeps.last}）` : ''}，费用 ${upkeeps.cost} 元`
      return { label: s.label, open: s.isHazard && s.state !== 'closed', overdue: s.overdue, conflicts: s.rejected.length, rejected: s.rejected, next: s.next, detail: `检查 ${s.inspections} 次${lastInspection ? `（最近 ${lastInspection}）` : ''}${upkeep}`, townshipLine: null }
    }
  }
}

/**
 * The text a search matches: every field's display text (refs resolved by `lookup`), lower-cased.
 * ID numbers are included so a cadre can find a person by the digits they were told.
 */
export function searchText(def: KindDef, record: LedgerRecord, lookup: (kind: string, id: string) => string): string {
  const parts: string[] = []
  for (const field of def.fields) {
    const value = record.values[field.key]
    if (field.type === 'ref') for (const id of Array.isArray(value) ? value : typeof value === 'string' ? [value] : []) parts.push(lookup(field.to, String(id)))
    else parts.push(formatValue(field, value))
  }
  return parts.join(' ').toLowerCase()
}
