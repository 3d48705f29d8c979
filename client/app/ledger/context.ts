/** What every ledger screen gets: the section's props plus the open ledger, today and a ref lookup. */
import { docName } from '../../../shared/docNames'
import type { SectionProps } from '../components/sectionProps'
import type { Lookup } from './lookup'
import type { VillageLedger } from './useVillageLedger'
import type { Checklists } from '../../../shared/settings/checklists'
import type { DeadlineDays, EffectiveSettings } from '../../../shared/settings/effective'
import type { VillageRoster } from './useVillageMembers'

/** The 办结公示 page's path segment in the ledger section (no record kind is named so). */
export const BULLETIN = 'bulletin'
/** The 巡查周结 page's path segment (no record kind is named so either). */
export const PATROL_WEEK = 'week'

/**
 * `settings`: the village's settings in force (its own over the township's); `deadlines` their
 * default time limits; `lists` their checklists, which a kind's checklist field offers
 * (shared/settings/checklists.ts villageKind); `roster` the village's members.
 */
export type LedgerContext = SectionProps & { ledger: VillageLedger; today: string; lookup: Lookup; settings: EffectiveSettings; deadlines: DeadlineDays; roster: VillageRoster; lists: Checklists }

export function actorOf(ctx: LedgerContext): { id: string; name: string } {
  return { id: ctx.user.id, name: ctx.user.name }
}

/** A grid's doc for a kind's doc kind (ledger or sensitive), if the user has it open. */
export function docFor(ctx: LedgerContext, docKind: 'ledger' | 'sensitive', gridId: string) {
  return (docKind === 'ledger' ? ctx.ledger.ledgerDocs : ctx.ledger.sensitiveDocs).get(gridId)
}

/** Whether this user may write the grid's doc here (the workspace's access service). */
export function writable(ctx: LedgerContext, docKind: 'ledger' | 'sensitive', gridId: string): boolean {
  return ctx.workspace.access.canWrite(docName({ kind: docKind, villageId: ctx.villageId, gridId }))
}
