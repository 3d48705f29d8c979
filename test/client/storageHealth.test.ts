import { describe, expect, it } from 'vitest'
import { deleteUserDb, openUserDb, userDbName } from '../../client/sync/db'
import { assessStorage, formatBytes, readStorageFacts, requestPersistence, type StorageApi } from '../../client/sync/storageHealth'
import { freshIdb } from './idb'

const MB = 1024 * 1024

describe('assessStorage', () => {
  it('is ok when persisted and under 80%', () => {
    const result = assessStorage({ usage: 10 * MB, quota: 100 * MB, persisted: true })
    expect(result.level).toBe('ok')
    expect(result.ratio).toBeCloseTo(0.1)
    expect(result.message).toContain('持久保存')
  })

  it('warns past 80% but not at exactly 80%', () => {
    expect(assessStorage({ usage: 80 * MB, quota: 100 * MB, persisted: true }).level).toBe('ok')
    const over = assessStorage({ usage: 81 * MB, quota: 100 * MB, persisted: true })
    expect(over.level).toBe('warn')
    expect(over.message).toContain('81%')
    expect(over.message).toContain('超过 80%')
  })

  it('is critical from 95%, whatever the persistence', () => {
    for (const persisted of [true, false, null]) {
      const result = assessStorage({ usage: 96 * MB, quota: 100 * MB, persisted })
      expect(result.level).toBe('critical')
      expect(result.message).toContain('几乎已满')
    }
    expect(assessStorage({ usage: 120 * MB, quota: 100 * MB, persisted: true }).level).toBe('critical')
  })

  it('warns when persistence was denied or is unsupported, with room to spare', () => {
    const denied = assessStorage({ usage: 1 * MB, quota: 100 * MB, persisted: false })
    expect(denied.level).toBe('warn')
    expect(denied.message).toContain('未允许持久保存')
    const unsupported = assessStorage({ usage: 1 * MB, quota: 100 * MB, persisted: null })
    expect(unsupported.level).toBe('warn')
    expect(unsupported.message).toContain('不支持持久保存')
  })

  it('treats a zero, missing or non-finite quota as unknown usage, not as full', () => {
    for (const facts of [
      { usage: 5 * MB, quota: 0 },
      { usage: 5 * MB, quota: undefined },
      { usage: undefined, quota: 100 * MB },
      { usage: 5 * MB, quota: Number.POSITIVE_INFINITY },
    ]) {
      const granted = assessStorage({ ...facts, persisted: true })
      expect(granted).toMatchObject({ level: 'ok', ratio: null })
      expect(granted.message).toContain('无法读取')
      expect(assessStorage({ ...facts, persisted: false }).level).toBe('warn')
    }
  })
})

describe('requestPersistence', () => {
  it('is null where the browser has no storage API or no persist()', async () => {
    expect(await requestPersistence(undefined)).toBeNull()
    expect(await requestPersistence({})).toBeNull()
  })

  it('does not ask again when already persisted', async () => {
    let asked = 0
    const storage: StorageApi = { persisted: async () => true, persist: async () => (asked++, true) }
    expect(await requestPersistence(storage)).toBe(true)
    expect(asked).toBe(0)
  })

  it('returns what the browser granted or denied', async () => {
    expect(await requestPersistence({ persisted: async () => false, persist: async () => true })).toBe(true)
    expect(await requestPersistence({ persisted: async () => false, persist: async () => false })).toBe(false)
    expect(await requestPersistence({ persist: async () => false })).toBe(false)
  })
})

describe('readStorageFacts', () => {
  it('reads persistence and the estimate, leaving out what the browser lacks', async () => {
    expect(await readStorageFacts(undefined)).toEqual({ usage: undefined, quota: undefined, persisted: null })
    expect(await readStorageFacts({ persisted: async () => false, estimate: async () => ({ usage: 3, quota: 10 }) })).toEqual({ usage: 3, quota: 10, persisted: false })
  })
})

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * MB)).toBe('5.0 MB')
    expect(formatBytes(undefined)).toBe('未知')
  })
})

describe('deleteUserDb', () => {
  it("deletes one user's db and leaves another user's", async () => {
    const deps = freshIdb()
    const mine = openUserDb('u1', deps)
    const theirs = openUserDb('u2', deps)
    await mine.updates.add({ docName: 'v1/meta', bytes: new Uint8Array([1]), size: 1 })
    await theirs.updates.add({ docName: 'v1/meta', bytes: new Uint8Array([2]), size: 1 })
    mine.close()
    await deleteUserDb('u1', deps)
    const names = await deps.indexedDB.databases()
    expect(names.map((d) => d.name)).not.toContain(userDbName('u1'))
    expect(names.map((d) => d.name)).toContain(userDbName('u2'))
    expect(await theirs.updates.count()).toBe(1)
    const reopened = openUserDb('u1', deps)
    expect(await reopened.updates.count()).toBe(0)
    reopened.close()
    theirs.close()
  })
})
