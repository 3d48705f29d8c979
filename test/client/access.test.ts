/**
 * The workspace's one access service: the shared table, narrowed by the relay's verdicts. Before
 * it, the ledger section offered a supervisor 新增网格 on the meta doc (it only excluded grid
 * workers) while the visit rules card refused them; the profile let anyone edit until the relay
 * answered. One answer now, for every screen.
 */
import { describe, expect, it } from 'vitest'
import type { Membership } from '../../shared/api/accounts'
import { accessView } from '../../client/workspace/access'
import { INITIAL_SYNC_STATE } from '../../client/sync/engine'

const member = (role: Membership['role'], extra: Partial<Membership> = {}): Membership => ({ villageId: 'v1', villageName: '幸福村', role, gridIds: [], sensitive: false, ...extra })
const relay = INITIAL_SYNC_STATE

describe('accessView', () => {
  it('lets a supervisor read the meta doc, minutes and decisions and write none of them', () => {
    const view = accessView({ user: { role: 'supervisor' }, memberships: [member('supervisor')], relay })
    for (const name of ['v1/meta', 'v1/minutes/m1', 'v1/decisions']) {
      expect(view.canRead(name)).toBe(true)
      expect(view.canWrite(name)).toBe(false)
    }
    expect(view.canRead('v1/ledger/g1')).toBe(false)
  })

  it('gives cadres and admins the meta doc to write, grid workers only to read', () => {
    expect(accessView({ user: { role: 'village_cadre' }, memberships: [member('village_cadre')], relay }).canWrite('v1/meta')).toBe(true)
    expect(accessView({ user: { role: 'township_admin' }, memberships: [], relay }).canWrite('v1/meta')).toBe(true)
    const worker = accessView({ user: { role: 'grid_worker' }, memberships: [member('grid_worker', { gridIds: ['g1'] })], relay })
    expect(worker.canWrite('v1/meta')).toBe(false)
    expect(worker.canRead('v1/meta')).toBe(true)
    expect(worker.canWrite('v1/ledger/g1')).toBe(true)
    expect(worker.canRead('v1/ledger/g2')).toBe(false)
    expect(worker.canRead('v2/meta')).toBe(false)
  })

  it("narrows the table by the relay's verdicts, but opens by the table alone", () => {
    const cadre = [member('village_cadre')]
    const readOnly = accessView({ user: { role: 'village_cadre' }, memberships: cadre, relay: { ...relay, issues: { 'v1/meta': { kind: 'readOnly', message: '只读' } } } })
    expect(readOnly.access('v1/meta')).toBe('read')
    const refused = accessView({ user: { role: 'village_cadre' }, memberships: cadre, relay: { ...relay, issues: { 'v1/decisions': { kind: 'forbidden', message: '无权' } } } })
    expect(refused.canRead('v1/decisions')).toBe(false)
    expect(refused.rule('v1/decisions')).toBe('write')
    const lastSync = { exchanged: [], pulled: [], pushed: [], forbidden: ['v1/minutes/m1'], bytesUp: 0, bytesDown: 0 }
    expect(accessView({ user: { role: 'village_cadre' }, memberships: cadre, relay: { ...relay, lastSync } }).canRead('v1/minutes/m1')).toBe(false)
  })

  it('grants nothing but the admin role while the memberships are unknown (never asks for a sensitive doc)', () => {
    const unknown = accessView({ user: { role: 'village_cadre' }, memberships: null, relay })
    expect(unknown.rule('v1/sensitive/g1')).toBe('none')
    expect(unknown.canRead('v1/meta')).toBe(false)
    expect(accessView({ user: { role: 'township_admin' }, memberships: null, relay }).canWrite('v1/sensitive/g1')).toBe(true)
    expect(unknown.canRead('not a doc')).toBe(false)
  })
})
