/**
 * 会议布置给我的工作任务: the open tasks of the 工作任务台账 (shared/minutes/taskLedger.ts) whose
 * 责任人 is the signed-in member's name, the overdue first, and — for those who may record progress
 * (the cadres: it is written to the meta doc) — the way to the ledger. A grid worker reads the
 * meeting index, so sees the tasks given to them, but not the minutes. Hidden when there is none.
 */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { openTasksOf, readTaskLedger } from '../../../shared/minutes/taskLedger'
import { goTo } from '../hooks/useRoute'
import { useDocVersion } from '../linkage/useDocVersion'

export function MyTasksCard({ meta, member, villageId, today, canTrack }: { meta: Y.Doc | null; member: { name: string }; villageId: string; today: string; canTrack: boolean }) {
  const version = useDocVersion(meta)
  const tasks = useMemo(() => (meta ? openTasksOf(readTaskLedger(meta, today), member.name) : []), [meta, version, member.name, today])
  if (tasks.length === 0) return null
  return (
    <section className="card" data-testid="my-tasks">
      <h3>会议布置给我的工作任务（{tasks.length}）</h3>
      <ul>
        {tasks.map((t) => (
          <li key={`${t.meetingId}/${t.id}`} data-testid="my-task">
            {t.task}
            <span className="muted">
              {' '}
              {t.meetingTitle}
              {t.due && `｜时限 ${t.due}`}
            </span>
            {t.overdue && <span className="pill conflict">逾期 {t.daysOver} 天</span>}
          </li>
        ))}
      </ul>
      {canTrack ? (
        <p>
          <a
            href={`/v/${villageId}/minutes/tasks`}
            onClick={(e) => {
              e.preventDefault()
              goTo({ page: 'village', villageId, section: 'minutes', rest: ['tasks'] })
            }}
          >
            到工作任务台账记录进展
          </a>
        </p>
      ) : (
        <p className="muted small">完成后请告知村干部，由村干部在工作任务台账记录。</p>
      )}
    </section>
  )
}
