/** One kind's table page: back to the dashboard, 新增, and the table across the user's grids. */
import { docName } from '../../../shared/docNames'
import type { KindDef } from '../../../shared/ledger/kind'
import type { LedgerContext } from './context'
import { writable } from './context'
import { RecordTable } from './RecordTable'
import { reportReveal } from './revealLog'

export function KindTable(ctx: LedgerContext & { def: KindDef; onBack(): void }) {
  const { def, ledger, go } = ctx
  const grids = ledger.grids.filter((g) => (def.doc === 'ledger' ? g.ledger : g.sensitive) !== 'none')
  if (grids.length === 0) return <p className="error">你没有查看{def.label}的权限。</p>
  const canAdd = grids.some((g) => writable(ctx, def.doc, g.id))
  const records = ledger.index.records(def.kind)
  return (
    <>
      <button type="button" className="link back" onClick={ctx.onBack} data-testid="ledger-home">
        ‹ 台账首页
      </button>
      <h2>
        {def.label}
        {def.sensitivity === 'P3' && <span className="pill sensitive">敏感</span>}
      </h2>
      <RecordTable
        def={def}
        records={records}
        grids={grids}
        today={ctx.today}
        lookup={ctx.lookup}
        onOpen={(record) => go([def.kind, record.gridId, record.id])}
        onReveal={(shown, field) => {
          const byGrid = new Map<string, string[]>()
          for (const r of shown) {
            const ids = byGrid.get(r.gridId) ?? []
            ids.push(r.id)
            byGrid.set(r.gridId, ids)
          }
          for (const [gridId, recordIds] of byGrid) reportReveal(ctx.api, ctx.user.id, { docName: docName({ kind: def.doc, villageId: ctx.villageId, gridId }), kind: def.kind, field, recordIds })
        }}
        tools={
          canAdd && (
            <button type="button" className="secondary" data-testid="record-new" onClick={() => go([def.kind, 'new'])}>
              新增{def.label}
            </button>
          )
        }
      />
    </>
  )
}
