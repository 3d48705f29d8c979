/** The doc history page's route: /history/<docName>, slashes kept, round trip through routePath. */
import { describe, expect, it } from 'vitest'
import { parseRoute, routePath } from '../../client/app/hooks/useRoute'

describe('history route', () => {
  it('parses /history/<docName> with its slashes and writes it back the same', () => {
    const route = parseRoute('/history/v1abc/ledger/g1')
    expect(route).toEqual({ page: 'history', docName: 'v1abc/ledger/g1' })
    expect(routePath(route)).toBe('/history/v1abc/ledger/g1')
    expect(parseRoute('/history/v1abc/minutes/m1/')).toEqual({ page: 'history', docName: 'v1abc/minutes/m1' })
  })

  it('leaves other pages alone', () => {
    expect(parseRoute('/audit')).toEqual({ page: 'audit' })
    expect(parseRoute('/history')).toEqual({ page: 'villages' })
  })
})
