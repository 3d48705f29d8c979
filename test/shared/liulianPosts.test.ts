/**
 * 平急结合 posts tied to member accounts (issue #18): a post names its holder's user id; the
 * holder sees their own posts; in an emergency a tied post counts only its holder's own
 * check-in (a cadre tapping it for them does not count), while a post tied to no account (a
 * 组长 without an account) is checked in by any writer. Check-ins from two offline phones merge.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { activeEmergency, addEmergencyFact, emergencyReport, mayCheckIn, postsHeldBy, readEmergencies, readPosts, rollCall, setPost, startEmergency } from '../../shared/liulian/emergency.js'

function merge(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

function village() {
  const doc = new Y.Doc()
  setPost(doc, { key: 'p-sec', name: '王书记', role: '村干部', service: ['主持村务'], post: '总指挥', userId: 'user-sec' })
  setPost(doc, { key: 'p-grid', name: '张网格', role: '网格员', service: ['网格巡查'], post: '一组转移引导', userId: 'user-grid' })
  setPost(doc, { key: 'p-leader', name: '李组长', role: '联动小组组长', service: ['轮值督促'], post: '一组人员清点' })
  return doc
}

describe('posts tied to accounts', () => {
  it('keeps the holder’s user id; re-tying and untying a post are kept; each member sees their own', () => {
    const doc = village()
    expect(readPosts(doc).find((p) => p.key === 'p-grid')).toEqual({ key: 'p-grid', name: '张网格', role: '网格员', service: ['网格巡查'], post: '一组转移引导', userId: 'user-grid' })
    expect(readPosts(doc).find((p) => p.key === 'p-leader')!.userId).toBeUndefined()
    expect(postsHeldBy(readPosts(doc), 'user-grid').map((p) => p.post)).toEqual(['一组转移引导'])
    expect(postsHeldBy(readPosts(doc), 'user-nobody')).toEqual([])
    const grid = readPosts(doc).find((p) => p.key === 'p-grid')!
    setPost(doc, { ...grid, userId: 'user-grid-2', name: '赵网格' })
    expect(postsHeldBy(readPosts(doc), 'user-grid')).toEqual([])
    expect(postsHeldBy(readPosts(doc), 'user-grid-2').map((p) => p.name)).toEqual(['赵网格'])
    setPost(doc, { ...grid, userId: undefined })
    expect(readPosts(doc).find((p) => p.key === 'p-grid')!.userId).toBeUndefined()
  })

  it('who checks a post in: its holder only; an untied post, anyone who may write; nobody read-only', () => {
    const [sec, grid, leader] = ['p-sec', 'p-grid', 'p-leader'].map((k) => readPosts(village()).find((p) => p.key === k)!)
    expect(mayCheckIn(grid!, 'user-grid', true)).toBe(true)
    expect(mayCheckIn(grid!, 'user-sec', true)).toBe(false)
    expect(mayCheckIn(sec!, 'user-sec', false)).toBe(false)
    expect(mayCheckIn(leader!, 'user-sec', true)).toBe(true)
    expect(mayCheckIn(leader!, 'user-sec', false)).toBe(false)
  })
})

describe('the roll call of tied posts', () => {
  it('two offline phones: the holder’s own check-in counts, a cadre’s tap for a tied post does not; they merge', () => {
    const office = village()
    const id = startEmergency(office, '防汛', 'user-sec', '2026-07-10T01:00:00Z')
    const gridPhone = new Y.Doc()
    const secPhone = new Y.Doc()
    merge(office, gridPhone)
    merge(office, secPhone)
    // Offline: the grid worker checks in on their own phone; the secretary checks in, taps the
    // grid worker's post too (too early, and not theirs) and the 组长's untied post.
    addEmergencyFact(gridPhone, { kind: 'checkin', emergencyId: id, postKey: 'p-grid', at: '2026-07-10T01:09:00Z', by: 'user-grid' })
    addEmergencyFact(secPhone, { kind: 'checkin', emergencyId: id, postKey: 'p-sec', at: '2026-07-10T01:02:00Z', by: 'user-sec' })
    addEmergencyFact(secPhone, { kind: 'checkin', emergencyId: id, postKey: 'p-grid', at: '2026-07-10T01:03:00Z', by: 'user-sec' })
    addEmergencyFact(secPhone, { kind: 'checkin', emergencyId: id, postKey: 'p-leader', at: '2026-07-10T01:05:00Z', by: 'user-sec' })
    expect(rollCall(activeEmergency(secPhone)!, readPosts(secPhone)).find((c) => c.post.key === 'p-grid')!.at).toBeNull()
    merge(gridPhone, secPhone)
    merge(secPhone, office)
    for (const doc of [office, gridPhone, secPhone]) {
      const calls = rollCall(activeEmergency(doc)!, readPosts(doc))
      expect(Object.fromEntries(calls.map((c) => [c.post.key, c.at]))).toEqual({ 'p-sec': '2026-07-10T01:02:00Z', 'p-grid': '2026-07-10T01:09:00Z', 'p-leader': '2026-07-10T01:05:00Z' })
    }
  })

  it('the report names posts and check-in times, never a holder’s name or user id', () => {
    const doc = village()
    const id = startEmergency(doc, '火灾', 'user-sec', '2026-03-01T01:00:00Z')
    addEmergencyFact(doc, { kind: 'checkin', emergencyId: id, postKey: 'p-grid', at: '2026-03-01T01:10:00Z', by: 'user-grid' })
    addEmergencyFact(doc, { kind: 'end', emergencyId: id, at: '2026-03-01T03:00:00Z', by: 'user-sec' })
    const report = emergencyReport(readEmergencies(doc)[0]!, readPosts(doc), 1)
    expect(report).toContain('岗位到岗：1/3')
    expect(report).toContain('一组转移引导（网格员）：2026/03/01 09:10 到岗')
    for (const secret of ['王书记', '张网格', '李组长', 'user-grid', 'user-sec']) expect(report).not.toContain(secret)
  })
})
