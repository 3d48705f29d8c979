/** Operations settings from the environment: durations, limits and clear errors for bad values. */
import { describe, expect, it } from 'vitest'
import { configFromEnv } from '../../server/config.js'

describe('operations configuration', () => {
  it('reads backup schedule, metrics token and shutdown bound', () => {
    const config = configFromEnv({ BACKUP_DIR: '/var/backups/cunwu', BACKUP_EVERY: '6h', BACKUP_KEEP: '28', METRICS_TOKEN: 'x'.repeat(32), SHUTDOWN_TIMEOUT_MS: '5000' })
    expect(config).toMatchObject({ backupDir: '/var/backups/cunwu', backupEveryMs: 6 * 3_600_000, backupKeep: 28, metricsToken: 'x'.repeat(32), shutdownTimeoutMs: 5000 })
    expect(configFromEnv({ BACKUP_EVERY: '90s' }).backupEveryMs).toBe(90_000)
    expect(configFromEnv({})).toMatchObject({ backupDir: undefined, backupEveryMs: 86_400_000, backupKeep: 7, metricsToken: undefined, shutdownTimeoutMs: 10_000 })
  })

  it('refuses bad values with the variable named', () => {
    expect(() => configFromEnv({ BACKUP_EVERY: '6 hours' })).toThrow('bad environment variable BACKUP_EVERY: a duration such as 30m, 6h or 1d')
    expect(() => configFromEnv({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/)
    expect(() => configFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: at least 16 characters/)
  })
})
