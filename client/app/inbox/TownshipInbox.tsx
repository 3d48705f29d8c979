/**
 * 镇级收件箱 (issue #15): the township admin's list of everything reported up to the township
 * across all villages (shared/ledger/townshipInbox.ts), with 受理, 交办 and 退回. Each village's
 * grid docs are opened from the device (IndexedDB first), so the inbox shows and acts offline;
 * every act is a fact appended to the record's log in its village's grid doc. Above the list, the
 * admin's own cases in every village (我的案件·各村: 包案领导, 承办人, …; shared/ledger/myCases.ts).
 */
import { useCallback, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { shanghaiDate } from '../../../shared/civilDate'
import type { Fact, LedgerRecord } from '../../../shared/ledger/kind'
import { appendFact } from '../../../shared/ledger/ledgerDoc'
import { INBOX_STATE_LABELS, pressing, townshipInbox, type InboxItem, type InboxSource, type InboxState } from '../../../shared/ledger/townshipInbox'
import type { Workspace } from '../../workspace/workspace'
import type { ApiContext } from '../api/http'
import { useStore } from '../hooks/useStore'
import { MyCasesAcrossCard } from '../ledger/MyCasesCard'
import { InboxItemCard } from './InboxItemCard'
import { useInboxMembers } from './useInboxMembers'
import { VillageInboxSource, type VillageSource } from './VillageInboxSource'

type Props = { workspace: Workspace; api: ApiContext; user: { id: string; name: string }; onOpenRecord(at: { villageId: string; record: LedgerRecord }): void }

const FILTERS = ['all', 'waiting', 'accepted', 'assigned'] as const
type Filter = (typeof FILTERS)[number]

export function TownshipInbox({ workspace, api, user, onOpenRecord }: Props) {
  const villages = useStore(workspace.villages).value ?? []
  const [sources, setSources] = useState<ReadonlyMap<string, VillageSource>>(new Map())
  const [filter, setFilter] = useState<Filter>('all')
  const { members, error: rosterError } = useInboxMembers(workspace, api)
  const today = shanghaiDate()
  const onSource = useCallback((source: VillageSource) => setSources((m) => new Map(m).set(source.villageId, source)), [])
  const items = useMemo(() => townshipInbox([...sources.values()].map((s): InboxSource => s), today), [sources, today])
  const shown = filter === 'all' ? items : items.filter((i) => i.state === filter)
  const counts = (state: InboxState) => items.filter((i) => i.state === state).length
  const urgentWaiting = items.filter(pressing).length
  const caseSources = useMemo(() => [...sources.values()].map((s) => ({ villageId: s.villageId, villageName: s.villageName, incident: s.incidents, dispute: s.disputes, thing: s.things })), [sources])

  const act = (item: InboxItem, action: string, note: string, data?: Fact['data']) => {
    const doc: Y.Doc | undefined = sources.get(item.villageId)?.docs.get(item.record.gridId)
    if (!doc) return '该网格台账尚未打开，请稍候再试'
    const stored = appendFact(doc, item.record.kind, item.record.id, { action, by: user.id, byName: user.name, at: new Date().toISOString(), ...(note ? { note } : {}), ...(data ? { data } : {}) })
    return stored ? null : '找不到这条记录，可能已被删除'
  }

  return (
    <main className="screen" data-testid="township-inbox">
      <h1>镇级收件箱</h1>
      <p className="muted">各村上报到镇的突发性事件、重大事件和书面上报的矛盾纠纷。受理、交办、退回都记在原台账里，上报的网格员能看到办理到哪一步；离线时也可操作，联网后自动同步。</p>
      {villages.map((v) => (
        <VillageInboxSource key={v.id} workspace={workspace} villageId={v.id} villageName={v.name} onSource={onSource} />
      ))}
      {sources.size < villages.length && <p className="muted">正在读取各村台账（{sources.size}/{villages.length}）…</p>}
      {urgentWaiting > 0 && (
        <p className="warn" role="status" data-testid="inbox-pressing">
          有 {urgentWaiting} 件突发事件或重大纠纷待受理，已排在最前。
        </p>
      )}
      <MyCasesAcrossCard villages={caseSources} member={user} today={today} open={onOpenRecord} />
      <div className="actions wrap" role="group" aria-label="按状态筛选">
        {FILTERS.map((f) => (
          <button key={f} type="button" className={filter === f ? 'primary' : 'secondary'} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`inbox-filter-${f}`}>
            {f === 'all' ? `全部 ${items.length}` : `${INBOX_STATE_LABELS[f]} ${counts(f)}`}
          </button>
        ))}
      </div>
      {rosterError && members === null && <p className="muted">成员名单需要联网才能读取第一次；读取前不能交办。</p>}
      {shown.length === 0 ? (
        <p className="muted" data-testid="inbox-empty">
          {items.length === 0 ? '目前没有上报到镇的事项。' : '没有这个状态的事项。'}
        </p>
      ) : (
        <ul className="inbox-list">
          {shown.map((item) => (
            <InboxItemCard
              key={item.record.id}
              item={item}
              today={today}
              members={(members ?? []).filter((m) => m.villageIds.includes(item.villageId))}
              onAct={(action, note, data) => act(item, action, note, data)}
              onOpen={() => onOpenRecord(item)}
            />
          ))}
        </ul>
      )}
    </main>
  )
}
