/** The device's own time of an offline edit (`?editedAt=`): kept when it is a time, dropped when it is not or lies in the future. */
import { describe, expect, it } from 'vitest'
import { deviceTime } from '../../server/routes/ws.js'

describe('deviceTime', () => {
  it('keeps a device time, normalised to UTC ISO', () => {
    expect(deviceTime('2026-12-01T08:30:00+08:00')).toBe('2026-12-01T00:30:00.000Z')
  })
  it('drops what is not a time, is absent, is too long, or lies more than a day ahead', () => {
    expect(deviceTime(undefined)).toBeNull()
    expect(deviceTime('yesterday')).toBeNull()
    expect(deviceTime(`2026-12-01T00:00:00.000Z${'x'.repeat(40)}`)).toBeNull()
    expect(deviceTime(new Date(Date.now() + 2 * 86_400_000).toISOString())).toBeNull()
  })
})
