/** What every ledger screen gets: the section's props plus the open ledger, today and a ref lookup. */
import { docName } from '../../../shared/docNames'
import type { SectionProps } from '../components/sectionProps'
import type { Lookup } from './lookup'
import type { VillageLedger } from './useVillageLedger'

export type LedgerContext = SectionProps & { ledger: VillageLedger; today: string; lookup: Lookup }

export function actorOf(ctx: LedgerContext): { id: string; name: string } {
  return { id: ctx.user.id, name: ctx.user.name }
}

/** A grid's doc for a kind's doc kind (ledger or sensitive), if the user has it open. */
export function docFor(ctx: LedgerContext, docKind: 'ledger' | 'sensitive', gridId: string) {
  return (docKind === 'ledger' ? ctx.ledger.ledgerDocs : ctx.ledger.sensitiveDocs).get(gridId)
}

/** Whether the relay lets this user write the grid's doc (read-only until it says otherwise is not assumed). */
export function writable(ctx: LedgerContext, docKind: 'ledger' | 'sensitive', gridId: string): boolean {
  const grid = ctx.ledger.grids.find((g) => g.id === gridId)
  const access = docKind === 'ledger' ? grid?.ledger : grid?.sensitive
  const issue = ctx.issues[docName({ kind: docKind, villageId: ctx.villageId, gridId })]
  return access === 'write' && issue?.kind !== 'readOnly' && issue?.kind !== 'forbidden'
}
