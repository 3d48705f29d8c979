/**
 * Restoring the minutes body writes only the blocks that differ: unchanged paragraphs keep their
 * Yjs items (and so who wrote them, and edits made meanwhile on another device), and the result
 * is exactly the wanted body.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { heading, paragraph, readBody, replaceBody } from '../../shared/minutes/body'
import { bodyFragment } from '../../shared/minutes/minutesDoc'
import { paragraphClients, paragraphWriters } from '../../shared/minutes/paragraphAuthors'

function docWith(clientID: number, blocks: Parameters<typeof replaceBody>[2]): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  replaceBody(doc, bodyFragment(doc), blocks)
  return doc
}

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))

describe('replaceBody', () => {
  it('keeps unchanged paragraphs’ items and writers, and ends with exactly the wanted body', () => {
    const a = docWith(1, [heading('一、议程'), paragraph('甲写的第一段')])
    const b = new Y.Doc()
    b.clientID = 2
    sync(a, b)
    bodyFragment(b).insert(2, [new Y.XmlElement('paragraph')])
    ;(bodyFragment(b).get(2) as Y.XmlElement).insert(0, [new Y.XmlText('乙补记的一段')])
    sync(b, a)
    const wanted = [heading('一、议程'), paragraph('甲写的第一段')]

    // A restores the version without B's paragraph: only that block is deleted.
    const before = Y.encodeStateVector(a)
    replaceBody(a, bodyFragment(a), wanted)
    expect(readBody(bodyFragment(a))).toEqual(wanted)
    const names = new Map([
      [1, '甲'],
      [2, '乙'],
    ])
    expect(paragraphClients(bodyFragment(a)).map((p) => paragraphWriters(p, names))).toEqual([['甲'], ['甲']])
    // Nothing new was inserted by the restore: it only deleted.
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(a, before)).structs).toHaveLength(0)
  })

  it('an edit made meanwhile in a paragraph the restore keeps survives the merge', () => {
    const a = docWith(1, [paragraph('第一段'), paragraph('第二段'), paragraph('会后补记')])
    const b = new Y.Doc()
    b.clientID = 2
    sync(a, b)
    // B edits the first paragraph while A restores a version without the last one.
    ;((bodyFragment(b).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(3, '（已核对）')
    replaceBody(a, bodyFragment(a), [paragraph('第一段'), paragraph('第二段')])
    sync(a, b)
    sync(b, a)
    expect(readBody(bodyFragment(a))).toEqual([paragraph('第一段（已核对）'), paragraph('第二段')])
    expect(readBody(bodyFragment(b))).toEqual(readBody(bodyFragment(a)))
  })

  it('inserts, moves and replaces blocks to reach any body', () => {
    const doc = docWith(1, [paragraph('一'), paragraph('二'), paragraph('三')])
    for (const wanted of [[paragraph('三'), paragraph('一')], [heading('新'), paragraph('一'), paragraph('四'), paragraph('三')], []]) {
      replaceBody(doc, bodyFragment(doc), wanted)
      expect(readBody(bodyFragment(doc))).toEqual(wanted)
    }
  })
})
