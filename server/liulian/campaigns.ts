/**
 * 工作推进 campaigns for a village created after the township defined them. A campaign lives in
 * every village's 六联 doc (its devices show and tick the tasks offline) and its windows recur
 * each year, so a new village gets every campaign the others hold, read from what the store has
 * committed (campaigns are written through the relay and flushed before the definition returns).
 */
import * as Y from 'yjs'
import { docName } from '../../shared/docNames.js'
import { applyUpdates } from '../../shared/loadDoc.js'
import { laterRevision, LIULIAN_CAMPAIGN, type Campaign } from '../../shared/liulian/campaign.js'
import { putCampaign, readCampaigns } from '../../shared/liulian/liulianDoc.js'
import type { DocStore } from '../storage/types.js'

/**
 * Every campaign the township defined, at its latest revision in the given villages' 六联 docs
 * (六联 itself is built in); withdrawn ones only when asked for.
 */
export async function definedCampaigns(docs: DocStore, villageIds: readonly string[], options: { withdrawn?: boolean } = {}): Promise<Campaign[]> {
  const found = new Map<string, Campaign>()
  for (const villageId of villageIds) {
    const stored = await docs.load(docName({ kind: 'liulian', villageId }))
    if (stored.updates.length === 0) continue
    const doc = applyUpdates(new Y.Doc(), stored.updates)
    try {
      for (const campaign of readCampaigns(doc, { withdrawn: true })) if (campaign.key !== LIULIAN_CAMPAIGN.key) found.set(campaign.key, laterRevision(found.get(campaign.key), campaign))
    } finally {
      doc.destroy()
    }
  }
  return [...found.values()].filter((c) => options.withdrawn || !c.withdrawnAt)
}

/** A 六联 doc update that carries these campaigns. */
export function campaignsUpdate(campaigns: readonly Campaign[]): Uint8Array {
  const doc = new Y.Doc()
  try {
    doc.transact(() => {
      for (const campaign of campaigns) putCampaign(doc, campaign)
    })
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
