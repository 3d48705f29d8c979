/**
 * Who may open which document (DESIGN.md "Roles"). The township admin opens every doc of every
 * village. Memberships for the other roles arrive with the accounts issue; until then they are
 * refused, which is the safe default.
 */
import type { DocRef } from '../../shared/docNames.js'
import type { UserRow } from '../storage/types.js'

export type Access = 'write' | 'read' | 'none'

export function docAccess(user: UserRow, _ref: DocRef): Access {
  switch (user.role) {
    case 'township_admin':
      return 'write'
    case 'village_cadre':
    case 'grid_worker':
    case 'supervisor':
      return 'none'
  }
}
