/**
 * Who wrote which paragraph of the minutes body. Every Yjs item carries the client id of the
 * device session that inserted it, and the relay's attributed history says which user each
 * client id's changes came from (GET /api/history/<doc>?authors=1). A paragraph's writers are
 * the users behind the client ids of its text still there (deleted text no longer counts), in
 * the order of how much each wrote.
 */
import * as Y from 'yjs'

export type ParagraphClients = { text: string; chars: Map<number, number> }

/** Adds the live characters of `type` and everything inside it to `chars`, by client id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type: only its item list is read
function countChars(type: Y.AbstractType<any>, chars: Map<number, number>): void {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue
    if (item.content instanceof Y.ContentString) chars.set(item.id.client, (chars.get(item.id.client) ?? 0) + item.length)
    else if (item.content instanceof Y.ContentType) countChars(item.content.type, chars)
  }
}

/** Each top-level block of the body (paragraph, heading, list) with its text and characters per client id. */
export function paragraphClients(body: Y.XmlFragment): ParagraphClients[] {
  const out: ParagraphClients[] = []
  for (const block of body.toArray()) {
    if (!(block instanceof Y.XmlElement)) continue
    const chars = new Map<number, number>()
    countChars(block, chars)
    out.push({ text: plainText(block), chars })
  }
  return out
}

function plainText(type: Y.XmlElement | Y.XmlText): string {
  if (type instanceof Y.XmlText) return type.toJSON()
  return type
    .toArray()
    .map((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? plainText(child) : ''))
    .join('')
}

/** The names of a paragraph's writers, most characters first; a client id nobody claims is 未知. */
export function paragraphWriters(paragraph: ParagraphClients, nameOf: ReadonlyMap<number, string>): string[] {
  const byName = new Map<string, number>()
  for (const [client, n] of paragraph.chars) {
    const name = nameOf.get(client) ?? '未知'
    byName.set(name, (byName.get(name) ?? 0) + n)
  }
  return [...byName.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name)
}
