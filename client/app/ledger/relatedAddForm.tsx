/**
 * The add form under a related list (a household's members, visits and checks, a rental's
 * tenants, a resident's special-population and care records): a new record of `def` in the grid's
 * doc, with what the page already knows (`fixed`) filled in; none for a user who may not write
 * that doc here, so the list shows no add button. A checklist field offers the village's list.
 */
import type { KindDef } from '../../../shared/ledger/kind'
import { createRecord } from '../../../shared/ledger/ledgerDoc'
import { villageKind } from '../../../shared/settings/checklists'
import { actorOf, docFor, writable, type LedgerContext } from './context'
import { refChoices } from './lookup'
import { RecordForm } from './RecordForm'

export function relatedAddForm(ctx: LedgerContext, kind: KindDef, gridId: string, fixed: Record<string, unknown>, defaults?: Record<string, unknown>) {
  const def = villageKind(kind, ctx.lists)
  const doc = docFor(ctx, def.doc, gridId)
  if (!doc || !writable(ctx, def.doc, gridId)) return undefined
  return (close: () => void) => (
    <RecordForm
      def={def}
      fixed={fixed}
      {...(defaults ? { defaults } : {})}
      today={ctx.today}
      refOptions={(kind) => refChoices(ctx.ledger.index, kind, gridId)}
      onCreate={(values) => {
        createRecord(doc, def, values, actorOf(ctx), new Date().toISOString())
        close()
      }}
      onCancel={close}
    />
  )
}
