/**
 * Reads a village's 联网联户 records through the relay's live copies (so a contact synced a minute
 * ago counts): every linkage doc, the grids' households and residents, and the 三包一联 assignments
 * of the meta doc, for the half-year reports and the township's overview (shared/linkage/overview.ts).
 */
import { docName, parseDocName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { listAssignments } from '../../shared/linkage/assignments.js'
import { coverageInputs, memberRecords, villageOverview, type MemberRecords, type VillageOverview } from '../../shared/linkage/overview.js'
import { villageGrids } from '../matters/matters.js'
import type { Relay } from '../relay/relay.js'
import type { DocStore } from '../storage/types.js'

export async function villageMembers(docs: DocStore, relay: Relay, villageId: string): Promise<MemberRecords[]> {
  const members: MemberRecords[] = []
  for (const name of (await docs.docVersions(villageId)).keys()) {
    const ref = parseDocName(name)
    if (ref?.kind !== 'linkage') continue
    const records = await relay.withDoc(name, async (room) => memberRecords(room.doc, ref.memberId))
    if (records) members.push(records)
  }
  return members
}

const ageColumn = resident.derived?.find((d) => d.key === 'age')

export async function readVillageOverview(docs: DocStore, relay: Relay, villageId: string, today: string): Promise<VillageOverview> {
  const households: { id: string; values: Record<string, unknown> }[] = []
  const residents: { id: string; values: Record<string, unknown>; age?: number }[] = []
  for (const grid of await villageGrids(relay, villageId)) {
    await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grid.id }), async (room) => {
      households.push(...listRecords(room.doc, 'household', grid.id))
      for (const r of listRecords(room.doc, 'resident', grid.id)) {
        const age = Number(ageColumn?.value(r, today) || Number.NaN)
        residents.push(Number.isFinite(age) ? { ...r, age } : r)
      }
    })
  }
  const assignments = await relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => listAssignments(room.doc))
  const input = coverageInputs(households, residents)
  return villageOverview(input.households, input.residents, await villageMembers(docs, relay, villageId), assignments, today)
}
