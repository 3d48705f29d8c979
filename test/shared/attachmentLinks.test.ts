/**
 * A doc's attachment links (shared/attachments/links.ts): one link per file per owner, links
 * merge across two devices attaching the first files of one record at once (none is lost), a link that does not parse is left out (not
 * rewritten), and unlinking removes only that file from that owner.
 */
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { addAttachmentLink, attachmentLinks, ATTACHMENTS_ROOT, recordOwner, removeAttachmentLink } from '../../shared/attachments/links.js'

const link = (c: string, name = `${c}.jpg`) => ({ sha256: c.repeat(64), name, type: 'image/jpeg', size: 1000, takenAt: null, addedAt: '2026-11-30T01:00:00.000Z' })
const owner = recordOwner('hazard', 'r1')

it('links a file once per owner, and merges two devices attaching at once', () => {
  const a = new Y.Doc()
  const b = new Y.Doc()
  expect(addAttachmentLink(a, owner, link('a'))).toBe(true)
  expect(addAttachmentLink(a, owner, link('a', 'again.jpg'))).toBe(false)
  addAttachmentLink(b, owner, link('b'))
  addAttachmentLink(b, recordOwner('hazard', 'r2'), link('c'))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  expect(attachmentLinks(a, owner).map((l) => l.name).sort()).toEqual(['a.jpg', 'b.jpg'])
  expect(attachmentLinks(b, owner).map((l) => l.sha256).sort()).toEqual(attachmentLinks(a, owner).map((l) => l.sha256).sort())
  expect(attachmentLinks(a, recordOwner('hazard', 'r2'))).toHaveLength(1)
})

it('leaves out a link that does not parse, and unlinks one file from one owner', () => {
  const doc = new Y.Doc()
  addAttachmentLink(doc, owner, link('a'))
  addAttachmentLink(doc, owner, link('b'))
  doc.getMap(ATTACHMENTS_ROOT).set(`${owner}|${'c'.repeat(64)}`, { sha256: 'not-a-hash', name: 'x' })
  // A link filed under another file's key is not that file.
  doc.getMap(ATTACHMENTS_ROOT).set(`${owner}|${'d'.repeat(64)}`, link('e'))
  expect(attachmentLinks(doc, owner).map((l) => l.name)).toEqual(['a.jpg', 'b.jpg'])
  removeAttachmentLink(doc, owner, 'a'.repeat(64))
  expect(attachmentLinks(doc, owner).map((l) => l.name)).toEqual(['b.jpg'])
  expect(doc.getMap(ATTACHMENTS_ROOT).has(`${owner}|${'c'.repeat(64)}`)).toBe(true)
  expect(attachmentLinks(doc, 'nobody/x')).toEqual([])
})
