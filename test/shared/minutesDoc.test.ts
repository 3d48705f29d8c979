/**
 * Minutes doc rules (shared/minutes): concurrent typing converges in either delivery order,
 * offline edits merge, the canonical hash is the same on every client, and a change made after
 * finalisation is flagged (with a diff) rather than lost, and can be restored.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { listMeetings } from '../../shared/meetingIndex.js'
import { bodyLines } from '../../shared/minutes/body.js'
import { restoreMinutes } from '../../shared/minutes/restore.js'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { minutesHash, parseMinutesContent, minutesLines, readMinutes, sha256Hex } from '../../shared/minutes/canonical.js'
import { diffLines, hasChanges } from '../../shared/minutes/diff.js'
import { addRow, bodyFragment, finalisationsArray, latestFinal, readHeader, readRows, setHeaderField, setRowField } from '../../shared/minutes/minutesDoc.js'
import { createMeeting } from '../../shared/minutes/templates.js'

const HEADER = { type: 'dispute_review', title: '三月第一周矛排例会', date: '2026-03-02', time: '09:00', place: '村委会会议室', host: '王书记', recorder: '李文书' } as const

function fresh(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

/** A meeting created on one device and copied to `n` others (as the relay would). */
function replicas(n: number): Y.Doc[] {
  const origin = fresh(1)
  createMeeting(origin, new Y.Doc(), 'm1', HEADER)
  const state = Y.encodeStateAsUpdate(origin)
  return Array.from({ length: n }, (_, i) => {
    const doc = fresh(10 + i)
    Y.applyUpdate(doc, state)
    return doc
  })
}

/** The Y.XmlText of the body's first paragraph (after the first heading). */
function firstParagraphText(doc: Y.Doc): Y.XmlText {
  const para = bodyFragment(doc).get(1) as Y.XmlElement
  expect(para.nodeName).toBe('paragraph')
  if (para.length === 0) para.insert(0, [new Y.XmlText()])
  return para.get(0) as Y.XmlText
}

const exchange = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))

describe('minutes doc', () => {
  it('creates a meeting from its type template and indexes it in the meta doc', () => {
    const doc = new Y.Doc()
    const meta = new Y.Doc()
    createMeeting(doc, meta, 'm1', HEADER)
    expect(readHeader(doc)).toEqual(HEADER)
    expect(bodyLines(readMinutes(doc).body)).toEqual(['### 一、包片领导汇报', '', '### 二、矛盾纠纷排查情况', '', '### 三、未结矛盾纠纷包案及调处措施', '', '### 四、下周综治工作安排', ''])
    expect(listMeetings(meta)).toEqual([{ id: 'm1', type: 'dispute_review', title: HEADER.title, date: HEADER.date }])
  })

  it.each([
    ['A then B', true],
    ['B then A', false],
  ])('concurrent typing in one paragraph converges (%s)', async (_label, aFirst) => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc]
    firstParagraphText(a).insert(0, '王某与李某宅基地纠纷')
    const bText = firstParagraphText(b)
    bText.insert(0, '已调解')
    bText.insert(0, '张某')
    if (aFirst) {
      exchange(a, b)
      exchange(b, a)
    } else {
      exchange(b, a)
      exchange(a, b)
    }
    const lineA = bodyLines(readMinutes(a).body)[1] as string
    expect(lineA).toBe(bodyLines(readMinutes(b).body)[1])
    expect(lineA).toContain('王某与李某宅基地纠纷')
    expect(lineA).toContain('张某已调解')
    expect((await minutesHash(a)).hash).toBe((await minutesHash(b)).hash)
  })

  it('converges to the same text whichever order the two typists are delivered in', async () => {
    const runs = await Promise.all(
      [true, false].map(async (aFirst) => {
        const [a, b] = replicas(2) as [Y.Doc, Y.Doc]
        firstParagraphText(a).insert(0, 'AAA')
        firstParagraphText(b).insert(0, 'BBB')
        const target = fresh(99)
        for (const doc of aFirst ? [a, b] : [b, a]) exchange(doc, target)
        return bodyLines(readMinutes(target).body)[1]
      }),
    )
    expect(runs[0]).toBe(runs[1])
  })

  it('merges offline edits of different fields, rows and the body', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc]
    // Both devices offline: different header fields, rows on both sides, body text on both.
    setHeaderField(a, 'place', '村党群服务中心')
    setHeaderField(b, 'host', '赵主任')
    const resolution = addRow(a, 'resolutions', { text: '同意修缮村道', for: '12', against: '1', abstain: '0' })
    addRow(b, 'attendees', { name: '刘委员', role: '村委委员', attendance: 'leave', reason: '外出务工' })
    addRow(b, 'actions', { task: '联系施工队', owner: '赵主任', due: '2026-03-09' })
    firstParagraphText(a).insert(0, '甲')
    ;(bodyFragment(b).get(3) as Y.XmlElement).insert(0, [new Y.XmlText('乙')])
    exchange(a, b)
    exchange(b, a)
    for (const doc of [a, b]) {
      expect(readHeader(doc)).toMatchObject({ place: '村党群服务中心', host: '赵主任' })
      expect(readRows(doc, 'resolutions').map((r) => r.id)).toEqual([resolution])
      expect(readRows(doc, 'attendees')).toMatchObject([{ name: '刘委员', attendance: 'leave', reason: '外出务工' }])
      expect(readRows(doc, 'actions')).toMatchObject([{ task: '联系施工队', due: '2026-03-09', done: '' }])
      expect(bodyLines(readMinutes(doc).body).slice(1, 4)).toEqual(['甲', '### 二、矛盾纠纷排查情况', '乙'])
    }
    expect(canonicalJson(readMinutes(a))).toBe(canonicalJson(readMinutes(b)))
  })

  it('gives the same canonical hash on every client, whatever order updates arrived in', async () => {
    const [a, b, c] = replicas(3) as [Y.Doc, Y.Doc, Y.Doc]
    setHeaderField(a, 'title', '改过的标题')
    const row = addRow(b, 'agenda', { title: '讨论村道修缮' })
    firstParagraphText(c).insert(0, '正文')
    const updates = [a, b, c].map((d) => Y.encodeStateAsUpdate(d))
    const one = fresh(50)
    const two = fresh(51)
    for (const u of updates) Y.applyUpdate(one, u)
    for (const u of [...updates].reverse()) Y.applyUpdate(two, u)
    setRowField(one, 'agenda', row, 'title', '讨论村道修缮')
    const [h1, h2] = await Promise.all([minutesHash(one), minutesHash(two)])
    expect(h1.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(h1).toEqual(h2)
    expect(parseMinutesContent(h1.content)).toEqual(readMinutes(one))
  })

  it('pins the canonical format: sorted keys, fixed digest', async () => {
    expect(canonicalJson({ b: [2, { d: 1, c: '村' }], a: null })).toBe('{"a":null,"b":[2,{"c":"村","d":1}]}')
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('flags an edit that arrives after finalisation, shows the diff, and restores without losing history', async () => {
    const [online, offline] = replicas(2) as [Y.Doc, Y.Doc]
    firstParagraphText(online).insert(0, '定稿内容')
    exchange(online, offline)
    const finalised = await minutesHash(online)
    // The server's stamp reaches the online device; the offline one keeps editing.
    finalisationsArray(online).push([{ version: 1, hash: finalised.hash, at: '2026-03-02T10:00:00Z', by: 'u1', byName: '王书记' }])
    firstParagraphText(offline).insert(4, '（补充说明）')
    exchange(offline, online)
    exchange(online, offline)

    const current = await minutesHash(online)
    expect(latestFinal(online)?.hash).toBe(finalised.hash)
    expect(current.hash).not.toBe(finalised.hash) // "changed after finalisation"
    expect(bodyLines(readMinutes(online).body)[1]).toBe('定稿内容（补充说明）') // the late edit is kept
    const before = minutesLines(parseMinutesContent(finalised.content))
    const diff = diffLines(before, minutesLines(readMinutes(online)))
    expect(diff.filter((d) => d.op !== 'same')).toEqual([
      { op: 'removed', text: '定稿内容' },
      { op: 'added', text: '定稿内容（补充说明）' },
    ])

    // Restore: the finalised record written back as a new edit; both devices agree on it.
    setHeaderField(offline, 'place', '离线改的地点')
    exchange(offline, online)
    restoreMinutes(online, parseMinutesContent(finalised.content))
    exchange(online, offline)
    expect((await minutesHash(offline)).hash).toBe(finalised.hash)
    expect(hasChanges(diffLines(before, minutesLines(readMinutes(offline))))).toBe(false)
  })
})

describe('diffLines', () => {
  it('keeps common lines and marks the rest', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ])
    expect(hasChanges(diffLines(['a'], ['a']))).toBe(false)
  })
})
