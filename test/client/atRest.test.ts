/**
 * Sensitive docs at rest (issue #14): what a copy of the browser profile holds is read straight
 * from IndexedDB, every database and store, and must not contain a resident's name or ID number.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { pendingRevocations } from '../../client/sync/deviceSettings'
import { deleteDataKey, hasDataKey, rewrapDataKey, unlockDataKey, unlockOrCreateDataKey, WrongPasswordError, WRONG_PASSWORD_MESSAGE } from '../../client/sync/dataKey'
import { openUserDb, type IdbDeps } from '../../client/sync/db'
import { LocalStore } from '../../client/sync/localStore'
import { sealPlainRows, sealPlainRowsOnce } from '../../client/sync/sealed'
import { loadCachedSession } from '../../client/sync/session'
import { FIRST_UNLOCK_OFFLINE_MESSAGE, signInAndUnlock, unlock } from '../../client/sync/unlock'
import { freshIdb } from './idb'

const ITER = { iterations: 1000 }
const USER = { id: 'u1', phone: '13800000001', name: '王书记', role: 'village_cadre' as const }
const DOC = 'v1/sensitive/g1'
const RESIDENT = '张秀英'
const ID_NUMBER = '110101199003074512'
const PASSWORD = 'correct-horse-1'

/** Every value of every object store of every database, as one list (what devtools would show). */
async function rawValues(deps: Required<IdbDeps>): Promise<unknown[]> {
  const out: unknown[] = []
  for (const info of await deps.indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = deps.indexedDB.open(info.name as string)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error as Error)
    })
    for (const name of Array.from(db.objectStoreNames)) {
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll()
        req.onsuccess = () => resolve(req.result as unknown[])
        req.onerror = () => reject(req.error as Error)
      })
      out.push(...values)
    }
    db.close()
  }
  return out
}

/** Whether `needle` appears anywhere in the raw values, as a string or as UTF-8 bytes. */
function containsText(values: unknown[], needle: string): boolean {
  const bytes = new TextEncoder().encode(needle)
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') return value.includes(needle)
    if (value instanceof Uint8Array) return indexOf(value, bytes) >= 0
    if (value instanceof ArrayBuffer) return indexOf(new Uint8Array(value), bytes) >= 0
    if (Array.isArray(value)) return value.some(visit)
    if (value && typeof value === 'object') return Object.values(value).some(visit)
    return false
  }
  return values.some(visit)
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

async function writeResident(deps: IdbDeps, dataKey: CryptoKey | null, options: { compactRows?: number } = {}): Promise<void> {
  const db = openUserDb(USER.id, deps)
  const doc = new Y.Doc()
  const store = await LocalStore.open(db, DOC, doc, { dataKey, ...options })
  const resident = new Y.Map<unknown>()
  doc.getMap('residents').set('r1', resident)
  resident.set('name', RESIDENT)
  resident.set('idNumber', ID_NUMBER)
  doc.getMap('care').set('r1', '低保')
  await store.flush()
  await store.close()
  db.close()
}

async function readResident(deps: IdbDeps, dataKey: CryptoKey | null): Promise<unknown> {
  const db = openUserDb(USER.id, deps)
  const doc = new Y.Doc()
  const store = await LocalStore.open(db, DOC, doc, { dataKey })
  await store.close()
  db.close()
  return (doc.getMap('residents').get('r1') as Y.Map<unknown> | undefined)?.toJSON()
}

function fakeLogin(password: string): typeof fetch {
  return (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { password: string }
    if (body.password !== password) return new Response(JSON.stringify({ error: '手机号或密码不正确', field: 'password' }), { status: 401 })
    return new Response(JSON.stringify({ token: `t-${Math.random()}`, expiresAt: '2099-01-01T00:00:00.000Z', user: USER }), { status: 200 })
  }) as typeof fetch
}

const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'))

describe('doc updates at rest', () => {
  it('stores no resident name or ID number in plaintext, live rows and compacted snapshot alike, and reads them back with the key', async () => {
    const deps = freshIdb()
    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    await writeResident(deps, key)
    await writeResident(deps, key, { compactRows: 1 })
    const raw = await rawValues(deps)
    expect(raw.length).toBeGreaterThan(0)
    expect(containsText(raw, ID_NUMBER)).toBe(false)
    expect(containsText(raw, RESIDENT)).toBe(false)
    expect(containsText(raw, '低保')).toBe(false)
    expect(containsText(raw, PASSWORD)).toBe(false)

    // A new page: the password unwraps the key again and the doc is all there.
    const again = await unlockDataKey(USER.id, PASSWORD, deps)
    expect(await readResident(deps, again)).toEqual({ name: RESIDENT, idNumber: ID_NUMBER })
  })

  it('a sealed doc cannot be opened without the key, and a row moved to another doc does not open', async () => {
    const deps = freshIdb()
    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    await writeResident(deps, key)
    await expect(readResident(deps, null)).rejects.toThrow(/需要先输入密码解锁/)

    const db = openUserDb(USER.id, deps)
    const row = await db.updates.where('docName').equals(DOC).first()
    await db.updates.add({ ...row!, id: undefined as unknown as number, docName: 'v1/meta' })
    const doc = new Y.Doc()
    await expect(LocalStore.open(db, 'v1/meta', doc, { dataKey: key })).rejects.toThrow()
    db.close()
  })

  it('plaintext an earlier release stored is found by the scan, sealed on first unlock, and nothing is lost', async () => {
    const deps = freshIdb()
    await writeResident(deps, null)
    expect(containsText(await rawValues(deps), ID_NUMBER)).toBe(true)

    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    const db = openUserDb(USER.id, deps)
    expect(await sealPlainRows(db, key)).toBe(1)
    expect(await sealPlainRows(db, key)).toBe(0)
    db.close()
    const raw = await rawValues(deps)
    expect(containsText(raw, ID_NUMBER)).toBe(false)
    expect(containsText(raw, RESIDENT)).toBe(false)
    expect(await readResident(deps, key)).toEqual({ name: RESIDENT, idNumber: ID_NUMBER })
  })

  it('the scan for plaintext runs once per device: later unlocks read no update row for it', async () => {
    const deps = freshIdb()
    await writeResident(deps, null)
    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    const db = openUserDb(USER.id, deps)
    expect(await sealPlainRowsOnce(db, key)).toBe(1)
    expect(containsText(await rawValues(deps), ID_NUMBER)).toBe(false)
    // A plain row cannot appear later (this release seals every write while a key is open); one
    // planted here shows the second unlock did not scan.
    await db.updates.add({ docName: 'v1/meta', bytes: new Uint8Array([0]), size: 1 } as never)
    expect(await sealPlainRowsOnce(db, key)).toBe(0)
    expect(await db.updates.filter((r) => !r.iv).count()).toBe(1)
    db.close()
  })
})

describe('the data key', () => {
  it('a wrong password fails clearly, in Chinese, and the right one still works', async () => {
    const deps = freshIdb()
    await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    const wrong = unlockDataKey(USER.id, 'not-the-password', deps)
    await expect(wrong).rejects.toBeInstanceOf(WrongPasswordError)
    await expect(unlockDataKey(USER.id, 'not-the-password', deps)).rejects.toThrow(WRONG_PASSWORD_MESSAGE)
    await expect(unlockDataKey(USER.id, PASSWORD, deps)).resolves.toBeDefined()
  })

  it('is not extractable in memory', async () => {
    const deps = freshIdb()
    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    expect(key.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow()
  })

  it('a password change rewraps the same key: the data opens with the new password only', async () => {
    const deps = freshIdb()
    const key = await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    await writeResident(deps, key)
    await rewrapDataKey(USER.id, PASSWORD, 'new-password-2', deps)
    await expect(unlockDataKey(USER.id, PASSWORD, deps)).rejects.toBeInstanceOf(WrongPasswordError)
    expect(await readResident(deps, await unlockDataKey(USER.id, 'new-password-2', deps))).toEqual({ name: RESIDENT, idNumber: ID_NUMBER })
  })

  it('wipe deletes the wrapped key: what is left cannot be opened by anyone', async () => {
    const deps = freshIdb()
    await unlockOrCreateDataKey(USER.id, PASSWORD, { ...deps, ...ITER })
    expect(await hasDataKey(USER.id, deps)).toBe(true)
    await deleteDataKey(USER.id, deps)
    expect(await hasDataKey(USER.id, deps)).toBe(false)
    expect(containsText(await rawValues(deps), USER.id)).toBe(false)
  })
})

describe('sign-in and unlock', () => {
  it('online sign-in creates the key; a reload unlocks offline with the password; a wrong one is refused', async () => {
    const deps = freshIdb()
    const first = await signInAndUnlock('http://relay', USER.phone, PASSWORD, { ...deps, ...ITER, fetchImpl: fakeLogin(PASSWORD) })
    expect('dataKey' in first).toBe(true)
    await writeResident(deps, 'dataKey' in first ? first.dataKey : null)

    // Reload with no network: the cached session is there, the key is not.
    const cached = await loadCachedSession(deps)
    expect(cached?.user.id).toBe(USER.id)
    const locked = { session: cached!, reason: 'reload' as const }
    await expect(unlock(locked, 'wrong-password', { ...deps, fetchImpl: offline })).rejects.toThrow(WRONG_PASSWORD_MESSAGE)
    const unlocked = await unlock(locked, PASSWORD, { ...deps, fetchImpl: offline })
    expect(await readResident(deps, unlocked.dataKey)).toEqual({ name: RESIDENT, idNumber: ID_NUMBER })
  })

  it('a device from an earlier release (no key yet) needs the relay once to check the password', async () => {
    const deps = freshIdb()
    const locked = { session: { token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user: USER, baseUrl: 'http://relay' }, reason: 'reload' as const }
    await expect(unlock(locked, PASSWORD, { ...deps, ...ITER, fetchImpl: offline })).rejects.toThrow(FIRST_UNLOCK_OFFLINE_MESSAGE)
    await expect(unlock(locked, 'wrong-password', { ...deps, ...ITER, fetchImpl: fakeLogin(PASSWORD) })).rejects.toThrow('手机号或密码不正确')
    expect(await hasDataKey(USER.id, deps)).toBe(false)
    const unlocked = await unlock(locked, PASSWORD, { ...deps, ...ITER, fetchImpl: fakeLogin(PASSWORD) })
    expect(unlocked.session.token).not.toBe('t')
    expect(await hasDataKey(USER.id, deps)).toBe(true)
    expect(await pendingRevocations(deps)).toBe(1)
  })

  it('a password changed on another device: the previous password unlocks, then the new one does', async () => {
    const deps = freshIdb()
    const first = await signInAndUnlock('http://relay', USER.phone, PASSWORD, { ...deps, ...ITER, fetchImpl: fakeLogin(PASSWORD) })
    await writeResident(deps, 'dataKey' in first ? first.dataKey : null)

    const next = await signInAndUnlock('http://relay', USER.phone, 'changed-elsewhere', { ...deps, ...ITER, fetchImpl: fakeLogin('changed-elsewhere') })
    expect('reason' in next && next.reason).toBe('passwordChanged')
    if (!('reason' in next)) return
    await expect(unlock(next, 'changed-elsewhere', deps)).rejects.toBeInstanceOf(WrongPasswordError)
    const unlocked = await unlock(next, PASSWORD, deps)
    expect(await readResident(deps, unlocked.dataKey)).toEqual({ name: RESIDENT, idNumber: ID_NUMBER })
    await expect(unlockDataKey(USER.id, 'changed-elsewhere', deps)).resolves.toBeDefined()
  })
})
