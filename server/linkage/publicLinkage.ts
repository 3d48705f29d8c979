/**
 * Reads every linkage doc of a village through the relay (the live copy, so a contact made a
 * minute ago counts) and keeps only the public row of each (shared/linkage/publicList.ts).
 */
import { parseDocName } from '../../shared/docNames.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { LINKAGE_DOC, listAid, readLinkage } from '../../shared/linkage/linkageDoc.js'
import { publicLinkageRow, type PublicLinkageRow } from '../../shared/linkage/publicList.js'
import type { Relay } from '../relay/relay.js'
import type { DocStore } from '../storage/types.js'

export async function publicLinkageRows(docs: DocStore, relay: Relay, villageId: string, year: string): Promise<PublicLinkageRow[]> {
  const rows: PublicLinkageRow[] = []
  for (const name of (await docs.docVersions(villageId)).keys()) {
    if (parseDocName(name)?.kind !== 'linkage') continue
    const row = await relay.withDoc(name, async (room) => {
      const linkage = readLinkage(room.doc)
      if (!linkage) return null
      const visits = listRecords(room.doc, LINKAGE_DOC.visits, 'linkage').map((r) => ({
        date: String(r.values.date ?? ''),
        helpGiven: typeof r.values.helpGiven === 'string' ? r.values.helpGiven : '',
      }))
      return publicLinkageRow(linkage, visits, listAid(room.doc), year)
    })
    if (row) rows.push(row)
  }
  return rows.sort((a, b) => a.area.localeCompare(b.area, 'zh-CN') || a.memberName.localeCompare(b.memberName, 'zh-CN'))
}
