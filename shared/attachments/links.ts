/**
 * Where a doc keeps its attachment links (issue #19): one top-level map `attachments`, keyed by
 * the owner inside the doc (`<kind>/<recordId>` for a ledger record; a minutes doc or the
 * decisions doc use their own item keys), each a Y.Array of links (shared/api/attachments.ts).
 * The record's own fields are not touched, so the record schemas and their validation stay as
 * they are. A link another device wrote that does not parse is left out, never rewritten.
 */
import * as Y from 'yjs'
import { attachmentLinkSchema, type AttachmentLink } from '../api/attachments.js'

export const ATTACHMENTS_ROOT = 'attachments'

export const recordOwner = (kind: string, id: string) => `${kind}/${id}`

export function attachmentLinks(doc: Y.Doc, owner: string): AttachmentLink[] {
  const list = doc.getMap<Y.Array<unknown>>(ATTACHMENTS_ROOT).get(owner)
  if (!(list instanceof Y.Array)) return []
  const out: AttachmentLink[] = []
  for (const item of list.toArray()) {
    const parsed = attachmentLinkSchema.safeParse(item)
    if (parsed.success && !out.some((l) => l.sha256 === parsed.data.sha256)) out.push(parsed.data)
  }
  return out
}

/** Links a file to the owner once (the same bytes twice are one link); false if already linked. */
export function addAttachmentLink(doc: Y.Doc, owner: string, link: AttachmentLink): boolean {
  if (attachmentLinks(doc, owner).some((l) => l.sha256 === link.sha256)) return false
  doc.transact(() => {
    const root = doc.getMap<Y.Array<unknown>>(ATTACHMENTS_ROOT)
    let list = root.get(owner)
    if (!(list instanceof Y.Array)) {
      list = new Y.Array<unknown>()
      root.set(owner, list)
    }
    list.push([{ ...link }])
  })
  return true
}

/** Unlinks a file from the owner (the relay keeps the bytes; other links may still use them). */
export function removeAttachmentLink(doc: Y.Doc, owner: string, sha256: string): void {
  const list = doc.getMap<Y.Array<unknown>>(ATTACHMENTS_ROOT).get(owner)
  if (!(list instanceof Y.Array)) return
  doc.transact(() => {
    for (let i = list.length - 1; i >= 0; i--) {
      const item = list.get(i) as { sha256?: unknown } | null
      if (item?.sha256 === sha256) list.delete(i, 1)
    }
  })
}
