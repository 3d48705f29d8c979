/** The access table of DESIGN.md as a pure function, checked cell by cell. */
import { describe, expect, it } from 'vitest'
import { docAccess, type Access } from '../../shared/access.js'
import type { MembershipRow } from '../../server/storage/types.js'
import { parseDocName } from '../../shared/docNames.js'
import type { Role } from '../../shared/roles.js'

const V = 'vA'
const DOCS = ['meta', 'ledger/g1', 'ledger/g2', 'sensitive/g1', 'sensitive/g2', 'minutes/m1', 'decisions', 'liulian'] as const
type Case = { who: string; role: Role; membership: Omit<MembershipRow, 'userId' | 'villageId'> | null; expect: Access[] }

const w = 'write'
const r = 'read'
const n = 'none'
const CASES: Case[] = [
  { who: 'township admin (no membership)', role: 'township_admin', membership: null, expect: [w, w, w, w, w, w, w, w] },
  { who: 'cadre', role: 'village_cadre', membership: { role: 'village_cadre', gridIds: [], sensitive: false }, expect: [w, w, w, n, n, w, w, w] },
  { who: 'cadre with sensitive grant', role: 'village_cadre', membership: { role: 'village_cadre', gridIds: [], sensitive: true }, expect: [w, w, w, w, w, w, w, w] },
  { who: 'grid worker of g1', role: 'grid_worker', membership: { role: 'grid_worker', gridIds: ['g1'], sensitive: false }, expect: [r, w, n, w, n, n, n, w] },
  { who: 'supervisor', role: 'supervisor', membership: { role: 'supervisor', gridIds: [], sensitive: false }, expect: [r, n, n, n, n, r, r, r] },
  { who: 'cadre of another village', role: 'village_cadre', membership: null, expect: [n, n, n, n, n, n, n, n] },
]

describe('docAccess', () => {
  it.each(CASES)('$who', ({ role, membership, expect: expected }) => {
    const row = membership ? { ...membership, userId: 'u', villageId: V } : null
    const got = DOCS.map((d) => {
      const ref = parseDocName(`${V}/${d}`)
      if (!ref) throw new Error(`bad doc name ${d}`)
      return docAccess({ role }, row, ref)
    })
    expect(got).toEqual(expected)
  })

  it('a linked cadre (联网联户) writes only the linkage doc named after them', () => {
    const row: MembershipRow = { userId: 'u7', villageId: V, role: 'linked_cadre', gridIds: ['g1'], sensitive: true }
    const names = [...DOCS, 'linkage/u7', 'linkage/u8']
    const got = names.map((d) => {
      const ref = parseDocName(`${V}/${d}`)
      if (!ref) throw new Error(`bad doc name ${d}`)
      return docAccess({ role: 'linked_cadre', id: 'u7' }, row, ref)
    })
    expect(got).toEqual([n, n, n, n, n, n, n, n, w, n])
    const ref = parseDocName(`${V}/linkage/u7`)
    expect(ref && docAccess({ role: 'linked_cadre' }, row, ref)).toBe('none')
    expect(ref && docAccess({ role: 'village_cadre' }, { ...row, role: 'village_cadre' }, ref)).toBe('write')
    expect(ref && docAccess({ role: 'grid_worker' }, { ...row, role: 'grid_worker' }, ref)).toBe('none')
  })

  it('a membership in one village gives nothing in another', () => {
    const row: MembershipRow = { userId: 'u', villageId: 'vB', role: 'village_cadre', gridIds: ['g1'], sensitive: true }
    const ref = parseDocName(`${V}/meta`)
    expect(ref && docAccess({ role: 'village_cadre' }, row, ref)).toBe('none')
  })
})
