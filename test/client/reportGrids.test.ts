import { describe, expect, it } from 'vitest'
import { reportGrids, type ReportGridsInput } from '../../client/app/liulian/reportGrids'
import type { Grid } from '../../shared/metaDoc'

const grid = (id: string): Grid => ({ id, code: id, name: `${id}网格` })
const [G1, G2, G3] = [grid('g1'), grid('g2'), grid('g3')]

const input = (over: Partial<ReportGridsInput>): ReportGridsInput => ({
  villageGrids: [G1, G2, G3],
  canWrite: (id) => id !== 'g3',
  opened: new Map([
    ['g1', 1],
    ['g2', 1],
  ]),
  failed: false,
  everSynced: true,
  ...over,
})

describe('the grids 启动应急 files its first report in', () => {
  it('are the writable grids open on this device', () => {
    expect(reportGrids(input({}))).toEqual({ kind: 'ready', grids: [G1, G2] })
  })

  it('waits for the grid list and for every writable ledger, unless one failed to open', () => {
    expect(reportGrids(input({ villageGrids: null }))).toEqual({ kind: 'waiting', fetching: false })
    expect(reportGrids(input({ opened: new Map([['g1', 1]]) }))).toEqual({ kind: 'waiting', fetching: false })
    expect(reportGrids(input({ opened: new Map([['g1', 1]]), failed: true }))).toEqual({ kind: 'ready', grids: [G1] })
    expect(reportGrids(input({ opened: new Map(), failed: true }))).toEqual({ kind: 'none' })
  })

  it('on a device that never finished a sync, takes no grid for "not arrived yet", not for a village without grids', () => {
    expect(reportGrids(input({ villageGrids: [], everSynced: false }))).toEqual({ kind: 'waiting', fetching: true })
    expect(reportGrids(input({ villageGrids: [], everSynced: true }))).toEqual({ kind: 'none' })
    // Grids it may not write are no report grids, synced or not.
    expect(reportGrids(input({ villageGrids: [G3], everSynced: true }))).toEqual({ kind: 'none' })
    // Once its grids are here, a sync still to finish does not hold the form back.
    expect(reportGrids(input({ everSynced: false }))).toEqual({ kind: 'ready', grids: [G1, G2] })
  })
})
