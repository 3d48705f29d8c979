/**
 * Account store conformance, one suite body for every Store (SQLite file, PostgreSQL): users,
 * sessions, villages, memberships and the audit log keep the promises of types.ts. The tests run
 * in file order on one store per backend: the first user is created before any other.
 * PostgreSQL unreachable: skipped loudly on a developer machine, a failure under CI.
 */
import { expect, it } from 'vitest'
import type { UserRow } from '../../server/storage/types.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the account store conformance suite')

const user = (n: number, overrides: Partial<UserRow> = {}): UserRow => ({
  id: `u${n}`,
  phone: `1390000${String(n).padStart(4, '0')}`,
  name: `用户${n}`,
  role: 'village_cadre',
  passwordHash: 'scrypt$x',
  createdAt: `2026-11-0${(n % 9) + 1}T00:00:00.000Z`,
  disabledAt: null,
  ...overrides,
})

const session = (tokenHash: string, userId: string) => ({ tokenHash, userId, createdAt: 'c', expiresAt: 'e', revokedAt: null })

describeEachStore('store conformance: accounts', pgUp, (_backend, store) => {
  it('creates the first user exactly once, even when asked five times at once', async () => {
    expect(await store().accounts.countUsers()).toBe(0)
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => store().accounts.createFirstUser(user(100 + n, { role: 'township_admin' }))))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await store().accounts.countUsers()).toBe(1)
    expect(await store().accounts.createFirstUser(user(106, { role: 'township_admin' }))).toBe(false)
    expect(await store().accounts.countUsers()).toBe(1)
  })

  it('creates and finds users; a phone is taken once', async () => {
    await store().accounts.createUser(user(1))
    await expect(store().accounts.createUser(user(2, { phone: user(1).phone }))).rejects.toThrow()
    await store().accounts.createUser(user(2))
    expect(await store().accounts.findUserByPhone(user(1).phone)).toEqual(user(1))
    expect(await store().accounts.findUserById('u2')).toEqual(user(2))
    expect(await store().accounts.findUserByPhone('10000000000')).toBeNull()
    expect(await store().accounts.findUserById('nobody')).toBeNull()
    const listed = await store().accounts.listUsers()
    expect(listed.map((u) => u.id)).toEqual([...listed].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)).map((u) => u.id))
    expect(listed.filter((u) => u.id === 'u1' || u.id === 'u2')).toEqual([user(1), user(2)])
    expect(await store().accounts.countUsers()).toBe(3)
  })

  it('patches only the fields given, sets and clears disabledAt, and sets a password hash', async () => {
    await store().accounts.updateUser('u1', { name: '改名', disabledAt: '2026-11-20T00:00:00.000Z' })
    await store().accounts.setPasswordHash('u1', 'scrypt$y')
    expect(await store().accounts.findUserById('u1')).toEqual({ ...user(1), name: '改名', disabledAt: '2026-11-20T00:00:00.000Z', passwordHash: 'scrypt$y' })
    await store().accounts.updateUser('u1', { role: 'grid_worker', disabledAt: null })
    expect(await store().accounts.findUserById('u1')).toEqual({ ...user(1), name: '改名', role: 'grid_worker', passwordHash: 'scrypt$y' })
    await store().accounts.updateUser('u1', {})
    expect((await store().accounts.findUserById('u1'))?.name).toBe('改名')
    expect(await store().accounts.findUserById('u2')).toEqual(user(2))
  })

  it('creates, finds and revokes sessions; revoking a user keeps the one excepted', async () => {
    for (const t of ['s1', 's2', 's3']) await store().accounts.createSession(session(t, 'u2'))
    await store().accounts.createSession(session('other', 'u1'))
    expect(await store().accounts.findSession('s1')).toEqual(session('s1', 'u2'))
    expect(await store().accounts.findSession('missing')).toBeNull()
    expect((await store().accounts.revokeUserSessions('u2', 'now', 's2')).sort()).toEqual(['s1', 's3'])
    expect((await store().accounts.findSession('s1'))?.revokedAt).toBe('now')
    expect((await store().accounts.findSession('s2'))?.revokedAt).toBeNull()
    expect((await store().accounts.findSession('other'))?.revokedAt).toBeNull()
    // Already revoked sessions are not revoked again, so not returned and their time is kept.
    expect(await store().accounts.revokeUserSessions('u2', 'again', 's2')).toEqual([])
    await store().accounts.revokeSession('s2', 'later')
    await store().accounts.revokeSession('s2', 'much later')
    expect((await store().accounts.findSession('s2'))?.revokedAt).toBe('later')
    expect(await store().accounts.revokeUserSessions('u1', 'now')).toEqual(['other'])
    expect((await store().accounts.findSession('s1'))?.revokedAt).toBe('now')
  })

  it('creates, finds and lists villages in creation order', async () => {
    await store().accounts.createVillage({ id: 'v2', name: '西村', createdAt: '2026-02-01', createdBy: 'u1' })
    await store().accounts.createVillage({ id: 'v1', name: '东村', createdAt: '2026-01-01', createdBy: 'u1' })
    await expect(store().accounts.createVillage({ id: 'v1', name: '重复', createdAt: '2026-03-01', createdBy: 'u1' })).rejects.toThrow()
    expect(await store().accounts.findVillage('v1')).toEqual({ id: 'v1', name: '东村', createdAt: '2026-01-01', createdBy: 'u1' })
    expect(await store().accounts.findVillage('v9')).toBeNull()
    expect((await store().accounts.listVillages()).map((v) => v.id)).toEqual(['v1', 'v2'])
  })

  it('creates no second village of a name, even when asked five times at once', async () => {
    expect(await store().accounts.createVillage({ id: 'v3', name: '东村', createdAt: '2026-03-01', createdBy: 'u1' })).toBe(false)
    const results = await Promise.all([4, 5, 6, 7, 8].map((n) => store().accounts.createVillage({ id: `v${n}`, name: '南村', createdAt: '2026-04-01', createdBy: 'u1' })))
    expect(results.filter(Boolean)).toHaveLength(1)
    const villages = await store().accounts.listVillages()
    expect(villages.map((v) => v.name)).toEqual(['东村', '西村', '南村'])
  })

  it('upserts, lists (with village names) and removes memberships', async () => {
    await store().accounts.setMembership({ userId: 'u2', villageId: 'v2', role: 'village_cadre', gridIds: [], sensitive: false })
    await store().accounts.setMembership({ userId: 'u2', villageId: 'v1', role: 'grid_worker', gridIds: ['g1', 'g2'], sensitive: false })
    await store().accounts.setMembership({ userId: 'u2', villageId: 'v1', role: 'grid_worker', gridIds: ['g2', '网格三'], sensitive: true })
    await store().accounts.setMembership({ userId: 'u1', villageId: 'v2', role: 'village_cadre', gridIds: [], sensitive: true })
    expect(await store().accounts.membership('u2', 'v1')).toEqual({ userId: 'u2', villageId: 'v1', role: 'grid_worker', gridIds: ['g2', '网格三'], sensitive: true })
    expect(await store().accounts.membership('u1', 'v1')).toBeNull()
    expect(await store().accounts.listMemberships('u2')).toEqual([
      { userId: 'u2', villageId: 'v1', villageName: '东村', role: 'grid_worker', gridIds: ['g2', '网格三'], sensitive: true },
      { userId: 'u2', villageId: 'v2', villageName: '西村', role: 'village_cadre', gridIds: [], sensitive: false },
    ])
    const all = await store().accounts.listMemberships()
    expect(all.map((m) => `${m.userId}@${m.villageId}`).sort()).toEqual(['u1@v2', 'u2@v1', 'u2@v2'])
    expect(all[0]?.villageId).toBe('v1') // village creation order
    await expect(store().accounts.setMembership({ userId: 'nobody', villageId: 'v1', role: 'grid_worker', gridIds: [], sensitive: false })).rejects.toThrow()
    expect(await store().accounts.removeMembership('u2', 'v1')).toBe(true)
    expect(await store().accounts.removeMembership('u2', 'v1')).toBe(false)
    expect(await store().accounts.listMemberships('nobody')).toEqual([])
  })

  it('lists the audit log newest first, filtered by action and actor, paged with before', async () => {
    const entries = [
      { actorId: 'u1', action: 'login' },
      { actorId: 'u2', action: 'doc.open' },
      { actorId: 'u1', action: 'login' },
      { actorId: null, action: 'login.failed' },
      { actorId: 'u1', action: 'doc.push' },
    ] as const
    for (const e of entries) await store().accounts.audit({ at: 'now', actorId: e.actorId, action: e.action, target: 'v1', detail: null })
    const all = await store().accounts.listAudit({ limit: 10 })
    expect(all.map((e) => e.action)).toEqual(['doc.push', 'login.failed', 'login', 'doc.open', 'login'])
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a))
    expect(all[0]).toMatchObject({ actorId: 'u1', actorName: '改名', target: 'v1', detail: null })
    expect(all[1]).toMatchObject({ actorId: null, actorName: null })
    const logins = await store().accounts.listAudit({ limit: 10, action: 'login' })
    expect(logins.map((e) => e.id)).toEqual([all[2]?.id, all[4]?.id])
    expect((await store().accounts.listAudit({ limit: 10, actorId: 'u2' })).map((e) => e.action)).toEqual(['doc.open'])
    expect(await store().accounts.listAudit({ limit: 10, actorId: 'u2', action: 'login' })).toEqual([])
    const page1 = await store().accounts.listAudit({ limit: 2 })
    const page2 = await store().accounts.listAudit({ limit: 2, before: page1.at(-1)?.id })
    const page3 = await store().accounts.listAudit({ limit: 2, before: page2.at(-1)?.id })
    expect([...page1, ...page2, ...page3]).toEqual(all)
    expect(await store().accounts.listAudit({ limit: 2, before: all.at(-1)?.id })).toEqual([])
  })
})
