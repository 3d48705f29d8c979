/**
 * Where a doc keeps its attachment links (issue #19): one top-level map `attachments` with one
 * entry per link, keyed `<owner>|<sha256>`; the owner is the item inside the doc
 * (`<kind>/<recordId>` for a ledger record; a minutes doc or the decisions doc use their own item
 * keys). Flat keys, not a nested list per owner: two devices attaching the first files of a
 * record at once would each create that list, and one list would replace the other; distinct
 * keys merge. The record's own fields are not touched, so the record schemas and their
 * validation stay as they are. A link another device wrote that does not parse is left out,
 * never rewritten. Links list in the order they were added.
 */
import type * as Y from 'yjs'
import { attachmentLinkSchema, type AttachmentLink } from '../api/attachments.js'

export const ATTACHMENTS_ROOT = 'attachments'

export const recordOwner = (kind: string, id: string) => `${kind}/${id}`

const linkKey = (owner: string, sha256: string) => `${owner}|${sha256}`

export function attachmentLinks(doc: Y.Doc, owner: string): AttachmentLink[] {
  const prefix = `${owner}|`
  const out: AttachmentLink[] = []
  for (const [key, value] of doc.getMap<unknown>(ATTACHMENTS_ROOT).entries()) {
    if (!key.startsWith(prefix)) continue
    const parsed = attachmentLinkSchema.safeParse(value)
    if (parsed.success && key === linkKey(owner, parsed.data.sha256)) out.push(parsed.data)
  }
  return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.sha256.localeCompare(b.sha256))
}

/** Links a file to the owner once (the same bytes twice are one link); false if already linked. */
export function addAttachmentLink(doc: Y.Doc, owner: string, link: AttachmentLink): boolean {
  const root = doc.getMap<unknown>(ATTACHMENTS_ROOT)
  const key = linkKey(owner, link.sha256)
  if (attachmentLinks(doc, owner).some((l) => l.sha256 === link.sha256)) return false
  root.set(key, { ...link })
  return true
}

/** Unlinks a file from the owner (the relay keeps the bytes; other links may still use them). */
export function removeAttachmentLink(doc: Y.Doc, owner: string, sha256: string): void {
  doc.getMap<unknown>(ATTACHMENTS_ROOT).delete(linkKey(owner, sha256))
}
