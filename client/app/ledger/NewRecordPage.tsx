/** A new record of any kind: choose the grid (when there are several), fill the generated form. */
import { uniquenessErrors } from '../../../shared/ledger/uniqueness'
import { useMemo, useState } from 'react'
import type { KindDef } from '../../../shared/ledger/kind'
import { createRecord } from '../../../shared/ledger/ledgerDoc'
import { actorOf, docFor, writable, type LedgerContext } from './context'
import { refChoices } from './lookup'
import { RecordForm } from './RecordForm'

export function NewRecordPage(ctx: LedgerContext & { def: KindDef; onDone(gridId: string, id: string): void; onBack(): void }) {
  const { def, ledger } = ctx
  const grids = ledger.grids.filter((g) => writable(ctx, def.doc, g.id))
  const [gridId, setGridId] = useState(grids[0]?.id ?? '')
  const [error, setError] = useState<string | null>(null)
  const defaults = useMemo(() => def.newDefaults?.(ctx.today, ctx.user.name), [def, ctx.today, ctx.user.name])
  if (grids.length === 0) return <p className="error">你没有新增{def.label}的权限。</p>
  return (
    <>
      <button type="button" className="link back" onClick={ctx.onBack}>
        ‹ {def.label}列表
      </button>
      <h2>新增{def.label}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <RecordForm
        key={gridId}
        def={def}
        today={ctx.today}
        {...(defaults ? { defaults } : {})}
        refOptions={(kind) => refChoices(ledger.index, kind, gridId)}
        members={ctx.roster.members}
        check={(values) => uniquenessErrors(def.kind, values, ledger.index.records(def.kind), null, (r) => `${def.title(r.values)}`)}
        header={
          grids.length > 1 && (
            <div className="field">
              <label htmlFor="new-record-grid">所属网格</label>
              <select id="new-record-grid" value={gridId} onChange={(e) => setGridId(e.target.value)} data-testid="new-record-grid">
                {grids.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.code} {g.name}
                  </option>
                ))}
              </select>
            </div>
          )
        }
        onCreate={(values) => {
          const doc = docFor(ctx, def.doc, gridId)
          if (!doc) return setError('这个网格的台账还没有打开，请稍候再试。')
          ctx.onDone(gridId, createRecord(doc, def, values, actorOf(ctx), new Date().toISOString()))
        }}
        onCancel={ctx.onBack}
      />
    </>
  )
}
