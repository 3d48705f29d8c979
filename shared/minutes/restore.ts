/**
 * Restore: a stored version's content written back into the doc as ONE new edit (header fields,
 * row lists, body). Nothing is deleted from history — the versions table keeps every version and
 * the replaced state can itself be checkpointed first; other devices merge this like any edit.
 */
import * as Y from 'yjs'
import { replaceBody } from './body.js'
import type { MinutesContent } from './canonical.js'
import { HEADER_KEYS, LIST_NAMES, listFieldKeys } from './fields.js'
import { bodyFragment, listArray, setHeaderField } from './minutesDoc.js'

export function restoreMinutes(doc: Y.Doc, content: MinutesContent): void {
  doc.transact(() => {
    for (const key of HEADER_KEYS) setHeaderField(doc, key, content.header[key] ?? '')
    for (const list of LIST_NAMES) {
      const array = listArray(doc, list)
      if (array.length > 0) array.delete(0, array.length)
      array.push(
        content[list].map((row) => {
          const map = new Y.Map<string>()
          map.set('id', row.id)
          for (const key of listFieldKeys(list)) map.set(key, row[key] ?? '')
          return map
        }),
      )
    }
    replaceBody(doc, bodyFragment(doc), content.body)
  })
}
