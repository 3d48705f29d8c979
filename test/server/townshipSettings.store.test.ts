/**
 * The township's settings on both stores (SQLite file, PostgreSQL): nothing before the first
 * save; a save is read back exactly, through the layer's schema; a later save replaces it (one
 * township per installation, one row); a row tampered into something that is not a settings
 * layer is refused on read, never applied.
 */
import { expect, it } from 'vitest'
import { settingsLayerSchema } from '../../shared/settings/layer.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the township settings conformance suite')

const first = settingsLayerSchema.parse({
  visitRules: { ordinary: { minCount: 1 }, elderly: { label: '独居老人每周探访', target: 'resident', flagsAny: ['独居老人'], period: 'week', minCount: 1 } },
  cadences: { joint_committee: 'month' },
  deadlines: { incident: { 一般性: 7 }, dispute: { 邻里纠纷: 30 }, hazard: { 重大: 10 } },
})

describeEachStore('store conformance: township settings', pgUp, (backend, store) => {
  it('has none before the first save, then reads back what was saved', async () => {
    expect(await store().townshipSettings.get()).toBeNull()
    await store().townshipSettings.put({ settings: first, updatedAt: '2026-11-30T01:00:00.000Z', updatedBy: 'u1' })
    expect(await store().townshipSettings.get()).toEqual({ settings: first, updatedAt: '2026-11-30T01:00:00.000Z', updatedBy: 'u1' })
  })

  it('replaces the settings on a later save, also as seen from another connection', async () => {
    const second = settingsLayerSchema.parse({ cadences: { dispute_review: 'none' } })
    await store().townshipSettings.put({ settings: second, updatedAt: '2026-12-01T01:00:00.000Z', updatedBy: 'u2' })
    const other = await backend.openAnother()
    try {
      expect(await other.townshipSettings.get()).toEqual({ settings: second, updatedAt: '2026-12-01T01:00:00.000Z', updatedBy: 'u2' })
    } finally {
      await other.close()
    }
  })

  it('refuses a stored row that is not a settings layer', async () => {
    await backend.tamper(`update township_settings set settings = '{"visitRules":{"ordinary":{"minCount":0}}}'`)
    await expect(store().townshipSettings.get()).rejects.toThrow()
  })
})
