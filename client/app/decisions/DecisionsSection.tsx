/**
 * 四议两公开: the village's decision records and its public notices. Routes on `rest`:
 * [] → dashboard (calendar, decisions, notices); [decisionId] → that decision's steps.
 * Supervisors and anyone the relay marks read-only see everything and change nothing.
 */
import { useEffect, useMemo, useRef } from 'react'
import { noticeListSchema } from '../../../shared/api/notices'
import { docName } from '../../../shared/docNames'
import { meetingIndexView } from '../../workspace/views'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useCachedValue } from '../hooks/useCachedValue'
import { useOptionalStore, useStore } from '../hooks/useStore'
import { useVillageSince } from '../hooks/useVillageSince'
import { useDoc } from '../hooks/useDoc'
import type { DecisionsContext } from './context'
import { DecisionPage } from './DecisionPage'
import { DecisionsHome } from './DecisionsHome'
import { listNotices } from './noticesApi'

export function DecisionsSection({ workspace, engine, api, villageId, rest, go, user, issues }: SectionProps) {
  const name = docName({ kind: 'decisions', villageId })
  const decisions = useDoc(engine, name)
  const meta = useDoc(engine, docName({ kind: 'meta', villageId }))
  const metaDoc = meta.status === 'ready' ? meta.handle.doc : null
  const meetings = useOptionalStore(metaDoc ? meetingIndexView(metaDoc) : null, [])
  const outbox = workspace.outbox
  const rows = useStore(outbox)
  // Kept on the device, so the log (and 登记张贴 at the wall) is there offline too.
  const notices = useCachedValue(workspace, { key: `notices:${villageId}`, schema: noticeListSchema.shape.notices, fetch: () => listNotices(api, villageId) }, [api, villageId])
  const villageSince = useVillageSince(workspace, villageId)

  // Reload the log whenever the outbox shrinks (something was published).
  const queued = useRef(rows.length)
  const { reload } = notices
  useEffect(() => {
    if (rows.length < queued.current) reload()
    queued.current = rows.length
  }, [rows.length, reload])

  // The outbox holds every village's acts; this section shows this village's.
  const villageRows = useMemo(() => rows.filter((r) => r.villageId === villageId), [rows, villageId])
  const readOnly = !useStore(workspace.access).canWrite(name)
  const ctx: DecisionsContext = useMemo(
    () => ({ villageId, user, readOnly, outbox, outboxRows: villageRows, notices: notices.value, villageSince, go, engine, workspace }),
    [villageId, user, readOnly, outbox, villageRows, notices.value, villageSince, go, engine, workspace],
  )

  return (
    <section className="decisions-section">
      <DocStatus state={decisions} issue={issues[name]} />
      {readOnly && decisions.status === 'ready' && (
        <p className="muted" data-testid="decisions-read-only">
          只读：可以查看，不能修改或发布。
        </p>
      )}
      {notices.error && <p className="muted">{notices.value ? '公告列表是本机上次保存的，联网后更新' : `公告列表暂时无法读取：${notices.error}`}</p>}
      {decisions.status === 'ready' &&
        (rest[0] ? (
          <DecisionPage key={rest[0]} ctx={ctx} doc={decisions.handle.doc} decisionId={rest[0]} meetings={meetings} />
        ) : (
          <DecisionsHome ctx={ctx} doc={decisions.handle.doc} />
        ))}
    </section>
  )
}
