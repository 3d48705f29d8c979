/** PendingDocs: docs with unsaved changes are held open until their count drops to zero. */
import { describe, expect, it } from 'vitest'
import { PendingDocs } from '../../client/sync/pendingDocs'
import { strandedDocs } from '../../client/app/accessNotice'

function opener() {
  const open = new Map<string, number>()
  const opened: string[] = []
  const docs = new PendingDocs(async (name) => {
    opened.push(name)
    open.set(name, (open.get(name) ?? 0) + 1)
    return { release: () => open.set(name, (open.get(name) ?? 0) - 1) }
  })
  return { docs, open, opened }
}

const settle = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)))

describe('PendingDocs', () => {
  it('opens each doc with pending changes once and releases it when they are saved', async () => {
    const { docs, open, opened } = opener()
    docs.update({ 'v1/meta': 2, 'v1/decisions': 0 })
    docs.update({ 'v1/meta': 3 })
    await settle()
    expect(opened).toEqual(['v1/meta'])
    docs.update({})
    await settle()
    expect(open.get('v1/meta')).toBe(0)
  })

  it('releases everything on destroy and opens nothing after', async () => {
    const { docs, open, opened } = opener()
    docs.update({ 'v1/meta': 1 })
    docs.destroy()
    docs.update({ 'v1/decisions': 1 })
    await settle()
    expect(open.get('v1/meta')).toBe(0)
    expect(opened).toEqual(['v1/meta'])
  })
})

describe('strandedDocs', () => {
  it('lists forbidden docs that still have unsaved changes, with their Chinese labels', () => {
    const stranded = strandedDocs({
      issues: {
        'v1/ledger/g1': { kind: 'forbidden', message: '' },
        'v1/meta': { kind: 'forbidden', message: '' },
        'v1/decisions': { kind: 'readOnly', message: '' },
      },
      perDoc: { 'v1/ledger/g1': 3, 'v1/decisions': 1 },
    })
    expect(stranded).toEqual([{ name: 'v1/ledger/g1', label: '网格台账', count: 3 }])
  })
})
