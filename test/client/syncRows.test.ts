import { describe, expect, it } from 'vitest'
import { docSyncRows, docTitle } from '../../client/app/syncRows'
import { lastSyncText, refusedText } from '../../client/app/components/StatusBar'
import { formatShanghaiClock } from '../../shared/civilDate'
import { INITIAL_SYNC_STATE, type SyncState } from '../../client/sync/engine'

const villages = new Map([['v1', '幸福村']])

function state(change: Partial<SyncState>): SyncState {
  return { ...INITIAL_SYNC_STATE, ...change }
}

describe('docSyncRows', () => {
  it('labels each doc with its kind and village, and lists docs known only by unsaved changes', () => {
    const rows = docSyncRows(['v1/meta', 'v1/ledger/g1', 'v2/minutes/m1'], state({ perDoc: { 'v1/sensitive/g1': 2 } }), villages)
    expect(rows.map((r) => [r.name, r.village, r.label, r.unsaved, r.result])).toEqual([
      ['v1/ledger/g1', '幸福村', '网格台账（网格 g1）', 0, 'never'],
      ['v1/meta', '幸福村', '村庄概况', 0, 'never'],
      ['v1/sensitive/g1', '幸福村', '敏感信息（网格 g1）', 2, 'never'],
      ['v2/minutes/m1', 'v2', '会议记录（m1）', 0, 'never'],
    ])
  })

  it('names grids and meetings from the meta doc where known, the raw id otherwise', () => {
    const titles = { grids: new Map([['v1/g1', '01 东片']]), meetings: new Map([['v1/m1', '2026-03-02 三月党员大会']]) }
    const rows = docSyncRows(['v1/ledger/g1', 'v1/sensitive/g2', 'v1/minutes/m1'], state({}), villages, titles)
    expect(rows.map((r) => r.label)).toEqual(['网格台账（01 东片）', '会议记录（2026-03-02 三月党员大会）', '敏感信息（网格 g2）'])
  })

  it("derives each doc's last result from the last background sync and the issues", () => {
    const lastSync = { exchanged: ['v1/meta', 'v1/decisions', 'v1/minutes/a', 'v1/minutes/b'], pulled: ['v1/decisions'], pushed: ['v1/minutes/a'], forbidden: ['v1/minutes/b'], bytesUp: 1, bytesDown: 1 }
    const rows = docSyncRows(['v1/meta', 'v1/decisions', 'v1/minutes/a', 'v1/minutes/b', 'v1/ledger/g1'], state({ lastSync, lastSyncedAt: 1 }), villages)
    expect(Object.fromEntries(rows.map((r) => [r.name, r.result]))).toEqual({
      'v1/meta': 'exchanged',
      'v1/decisions': 'pulled',
      'v1/minutes/a': 'pushed',
      'v1/minutes/b': 'forbidden',
      'v1/ledger/g1': 'unchanged',
    })
    const refused = docSyncRows(['v1/meta'], state({ issues: { 'v1/meta': { kind: 'forbidden', message: '' } } }), villages)
    expect(refused[0]?.result).toBe('forbidden')
  })
})

describe('docTitle (修改记录)', () => {
  it('names a doc by its village, kind and grid or meeting, never by its raw ids', () => {
    const titles = { grids: new Map([['v1/g1', '01 东片']]), meetings: new Map([['v1/m1', '2026-03-02 三月党员大会']]) }
    expect(docTitle('v1/ledger/g1', villages, titles)).toBe('幸福村 · 网格台账（01 东片）')
    expect(docTitle('v1/minutes/m1', villages, titles)).toBe('幸福村 · 会议记录（2026-03-02 三月党员大会）')
    expect(docTitle('v1/decisions', villages)).toBe('幸福村 · 四议两公开')
    expect(docTitle('v2/meta', villages)).toBe('本村 · 村庄概况')
  })
})

describe('the status bar', () => {
  it('shows a refused doc as 无权访问, apart from 在线/离线', () => {
    expect(refusedText(state({}))).toBeNull()
    expect(refusedText(state({ issues: { 'v1/meta': { kind: 'readOnly', message: '' } } }))).toBeNull()
    expect(refusedText(state({ issues: { 'v1/meta': { kind: 'forbidden', message: '' } } }))).toBe('无权访问')
    expect(refusedText(state({ issues: { 'v1/meta': { kind: 'forbidden', message: '' }, 'v1/decisions': { kind: 'forbidden', message: '' } } }))).toBe('2 份文档无权访问')
  })
})

describe('the status bar clock', () => {
  it('shows the last sync in Beijing time whatever the device zone', () => {
    const at = Date.UTC(2026, 0, 15, 23, 5) // 07:05 next day in Asia/Shanghai
    expect(formatShanghaiClock(at)).toBe('07:05')
    expect(lastSyncText({ syncing: false, lastSyncedAt: at })).toBe('上次同步 07:05')
    expect(lastSyncText({ syncing: false, lastSyncedAt: null })).toBe('尚未同步')
    expect(lastSyncText({ syncing: true, lastSyncedAt: at })).toBe('正在同步…')
  })
})
