/**
 * Document names. One Yjs document is the unit of access control, loading and sync
 * (DESIGN.md "Documents"):
 *
 *   <villageId>/meta                 village profile, grids, meeting and decision index
 *   <villageId>/ledger/<gridId>      one grid's ledger
 *   <villageId>/sensitive/<gridId>   that grid's special-population and care records
 *   <villageId>/minutes/<meetingId>  one meeting
 *   <villageId>/decisions            四议两公开 records
 *   <villageId>/linkage/<memberId>   one linked member's 联网联户 record: their households' basic
 *                                    facts, their contacts (民情日记), aid and 四到 triggers
 *   <villageId>/liulian              六联 groups and duty work, 平急结合 posts, plans and emergencies
 *                                    (liulian/liulianDoc.ts); households by ledger id only
 */
import { ID_PATTERN } from './ids.js'

export const DOC_KINDS = ['meta', 'ledger', 'sensitive', 'minutes', 'decisions', 'linkage', 'liulian'] as const
export type DocKind = (typeof DOC_KINDS)[number]

export type DocRef =
  | { kind: 'meta'; villageId: string }
  | { kind: 'decisions'; villageId: string }
  | { kind: 'liulian'; villageId: string }
  | { kind: 'ledger'; villageId: string; gridId: string }
  | { kind: 'sensitive'; villageId: string; gridId: string }
  | { kind: 'minutes'; villageId: string; meetingId: string }
  | { kind: 'linkage'; villageId: string; memberId: string }

export function docName(ref: DocRef): string {
  switch (ref.kind) {
    case 'meta':
    case 'decisions':
    case 'liulian':
      return `${ref.villageId}/${ref.kind}`
    case 'ledger':
    case 'sensitive':
      return `${ref.villageId}/${ref.kind}/${ref.gridId}`
    case 'minutes':
      return `${ref.villageId}/minutes/${ref.meetingId}`
    case 'linkage':
      return `${ref.villageId}/linkage/${ref.memberId}`
  }
}

/** Parses a doc name; returns null for anything that is not exactly one of the forms above. */
export function parseDocName(name: string): DocRef | null {
  const parts = name.split('/')
  const [villageId, kind, sub] = parts
  if (villageId === undefined || !ID_PATTERN.test(villageId)) return null
  if (parts.length === 2 && (kind === 'meta' || kind === 'decisions' || kind === 'liulian')) return { kind, villageId }
  if (parts.length !== 3 || sub === undefined || !ID_PATTERN.test(sub)) return null
  if (kind === 'ledger' || kind === 'sensitive') return { kind, villageId, gridId: sub }
  if (kind === 'minutes') return { kind, villageId, meetingId: sub }
  if (kind === 'linkage') return { kind, villageId, memberId: sub }
  return null
}
