/**
 * 会议布置给我的工作任务: the open tasks of the 工作任务台账 (shared/minutes/taskLedger.ts) whose
 * 责任人 is the signed-in member's name, the overdue first; each opens the ledger, where progress
 * and 完成 are recorded. Hidden when there is none.
 */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { openTasksOf, readTaskLedger } from '../../../shared/minutes/taskLedger'
import { goTo } from '../hooks/useRoute'
import { useDocVersion } from '../linkage/useDocVersion'

export function MyTasksCard({ meta, member, villageId, today }: { meta: Y.Doc | null; member: { name: string }; villageId: string; today: string }) {
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
    </section>
  )
}
