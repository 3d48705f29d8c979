import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../shared/canonicalJson.js'
import { chainRow, hashInput, noticeHash, verifyChain } from '../../shared/notices/chain.js'
import { GENESIS_HASH, type NoticeRow } from '../../shared/notices/row.js'

async function log(count: number): Promise<NoticeRow[]> {
  const rows: NoticeRow[] = []
  for (let i = 0; i < count; i++) {
    rows.push(
      await chainRow(rows.at(-1) ?? null, {
        id: `n${i}`,
        villageId: 'v1',
        publishedAt: `2026-03-0${i + 1}T02:00:00.000Z`,
        publisherName: '张书记',
        kind: 'village_affairs',
        title: `公告 ${i + 1}`,
        body: `<p>内容 ${i + 1}</p>`,
        periodFrom: '2026-03-01',
        periodTo: '2026-03-10',
        correctionOf: null,
        decisionId: null,
      }),
    )
  }
  return rows
}

describe('canonical JSON', () => {
  it('sorts keys at every level and drops nothing else', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}')
  })
})

describe('notice hash chain', () => {
  it('links each row to the previous hash, starting from the genesis hash', async () => {
    const rows = await log(3)
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH)
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash)
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await noticeHash(rows[0]!)).toBe(rows[0]?.hash)
  })

  it('a row hashes exactly as it did before posting records existed; a posting record hashes its day and places', async () => {
    const [first] = await log(1)
    // The hash input of a row without files or posting, pinned: old chains must keep verifying.
    expect(hashInput(first!)).toBe(
      '{"body":"<p>内容 1</p>","id":"n0","kind":"village_affairs","period":{"from":"2026-03-01","to":"2026-03-10"},"prevHash":"' +
        GENESIS_HASH +
        '","publishedAt":"2026-03-01T02:00:00.000Z","publisherName":"张书记","refs":{"correctionOf":null,"decisionId":null},"seq":1,"title":"公告 1","villageId":"v1"}',
    )
    const posting = { ...first!, posting: { of: 1, postedOn: '2026-03-02', places: ['村委会公开栏'] } }
    expect(hashInput(posting)).toContain('"posting":{"of":1,"places":["村委会公开栏"],"postedOn":"2026-03-02"}')
    expect(await noticeHash({ ...posting, posting: { ...posting.posting, places: ['第二村民小组'] } })).not.toBe(await noticeHash(posting))
  })

  it('an intact log verifies and names its head', async () => {
    const rows = await log(4)
    expect(await verifyChain(rows)).toEqual({ intact: true, count: 4, head: rows[3]?.hash })
    expect(await verifyChain([])).toEqual({ intact: true, count: 0, head: GENESIS_HASH })
  })

  it('detects an altered row', async () => {
    const rows = await log(4)
    rows[2] = { ...rows[2]!, body: '<p>改过的内容</p>' }
    expect(await verifyChain(rows)).toMatchObject({ intact: false, seq: 3, kind: 'altered' })
  })

  it('detects an altered row whose own hash was recomputed to match', async () => {
    const rows = await log(4)
    const forged = { ...rows[1]!, title: '伪造' }
    rows[1] = { ...forged, hash: await noticeHash(forged) }
    expect(await verifyChain(rows)).toMatchObject({ intact: false, seq: 2, kind: 'altered' })
  })

  it('detects a removed row', async () => {
    const rows = await log(4)
    rows.splice(1, 1)
    expect(await verifyChain(rows)).toMatchObject({ intact: false, seq: 2, kind: 'missing' })
  })

  it('detects reordered rows, served out of order or with their seqs swapped', async () => {
    const rows = await log(4)
    const served = [rows[0]!, rows[2]!, rows[1]!, rows[3]!]
    expect(await verifyChain(served)).toMatchObject({ intact: false, seq: 2, kind: 'reordered' })
    const swapped = [rows[0]!, { ...rows[2]!, seq: 2 }, { ...rows[1]!, seq: 3 }, rows[3]!]
    expect(await verifyChain(swapped)).toMatchObject({ intact: false, seq: 2, kind: 'reordered' })
  })
})
