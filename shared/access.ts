/**
 * Who may open which document, and whether to write (DESIGN.md "Documents" and "Roles"):
 *
 *   doc            township_admin  village_cadre           grid_worker                 supervisor          linked_cadre
 *   meta           write           write                   read                        read                –
 *   ledger/<g>     write           write                   write if assigned g         –                   –
 *   sensitive/<g>  write           write if sensitive      write if assigned g         read if sensitive   –
 *   minutes/*      write           write                   –                           read                –
 *   decisions      write           write                   –                           read                –
 *   linkage/<m>    write           write                   –                           –                   write if m is the user
 *   liulian        write           write                   write                       read                –
 *
 * A linked cadre (联户干部, typically a township cadre under 联网联户, issue #17) sees only their own
 * linkage doc — their households' basic facts and visit history — and nothing else of the village.
 * Linkage docs are named after the member's user id, so the rule needs no assignment column.
 * The 六联 doc (groups, duty work, emergency roll call) is written by grid workers too: they record
 * the duty households' work and check in at their 急时 post. It names households by id only.
 *
 * The role that counts is the membership's role in the doc's village; the township admin needs
 * no membership. Anything not listed is refused. The relay enforces this (routes/ws.ts, routes/sync.ts);
 * the client uses it only to decide what to offer.
 */
import type { DocRef } from './docNames.js'
import type { Role } from './roles.js'

/** The parts of a membership access depends on (the server's row and the client's cache both fit). */
export type AccessMembership = { villageId: string; role: Role; gridIds: readonly string[]; sensitive: boolean }

export type Access = 'write' | 'read' | 'none'

export function docAccess(user: { role: Role; id?: string }, membership: AccessMembership | null, ref: DocRef): Access {
  if (user.role === 'township_admin') return 'write'
  if (!membership || membership.villageId !== ref.villageId) return 'none'
  switch (membership.role) {
    case 'township_admin':
      return 'write'
    case 'village_cadre':
      return ref.kind === 'sensitive' && !membership.sensitive ? 'none' : 'write'
    case 'grid_worker':
      if (ref.kind === 'meta') return 'read'
      if (ref.kind === 'liulian') return 'write'
      if (ref.kind === 'ledger' || ref.kind === 'sensitive') return membership.gridIds.includes(ref.gridId) ? 'write' : 'none'
      return 'none'
    case 'supervisor':
      if (ref.kind === 'meta' || ref.kind === 'minutes' || ref.kind === 'decisions' || ref.kind === 'liulian') return 'read'
      if (ref.kind === 'sensitive' && membership.sensitive) return 'read'
      return 'none'
    case 'linked_cadre':
      return ref.kind === 'linkage' && user.id !== undefined && ref.memberId === user.id ? 'write' : 'none'
  }
}
