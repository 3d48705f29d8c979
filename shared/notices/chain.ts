/**
 * The notice log's hash chain (DESIGN.md "Public notices"): each row's hash is the SHA-256 (hex)
 * of the canonical JSON of its fields — seq, villageId, id, publishedAt, publisherName, kind,
 * title, body, publicity period, references (correctionOf, decisionId) and prevHash, the hash of
 * the row before it (GENESIS_HASH for seq 1), and, for a notice with files, each file's SHA-256,
 * name, type and size (a notice without files hashes exactly as before files existed), and for a
 * posting record (张贴记录) the notice it records, the day and the places (other rows hash as before). Canonical JSON: object keys sorted, no whitespace,
 * so the server, a browser and anyone re-implementing it get the same bytes. Hashing uses
 * WebCrypto (`globalThis.crypto.subtle`), present in Node 20 and browsers.
 *
 * verifyChain walks the log in the order it was served and reports the first row that breaks:
 * a seq gap (missing), a row out of place (reordered: its seq or its prevHash points elsewhere
 * in the log), or a row whose content no longer matches its hash (altered).
 */
import { GENESIS_HASH, type NoticeRow } from './row.js'
import { canonicalJson } from '../canonicalJson.js'

export type HashedFields = Omit<NoticeRow, 'hash'>


/** Exactly the hashed fields, so an extra property on a row never changes its hash. */
export function hashInput(row: HashedFields): string {
  const files = row.attachments?.length ? { attachments: row.attachments.map((a) => ({ sha256: a.sha256, name: a.name, type: a.type, size: a.size })) } : {}
  const posting = row.posting ? { posting: { of: row.posting.of, postedOn: row.posting.postedOn, places: row.posting.places } } : {}
  return canonicalJson({
    ...files,
    ...posting,
    seq: row.seq,
    villageId: row.villageId,
    id: row.id,
    publishedAt: row.publishedAt,
    publisherName: row.publisherName,
    kind: row.kind,
    title: row.title,
    body: row.body,
    period: { from: row.periodFrom, to: row.periodTo },
    refs: { correctionOf: row.correctionOf, decisionId: row.decisionId },
    prevHash: row.prevHash,
  })
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function noticeHash(row: HashedFields): Promise<string> {
  return sha256Hex(hashInput(row))
}

/** The row that follows `prev` (null for the first): seq and prevHash filled in, then hashed. */
export async function chainRow(prev: Pick<NoticeRow, 'seq' | 'hash'> | null, fields: Omit<HashedFields, 'seq' | 'prevHash'>): Promise<NoticeRow> {
  const row: HashedFields = { ...fields, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH }
  return { ...row, hash: await noticeHash(row) }
}

export const BREAK_KINDS = ['missing', 'reordered', 'altered'] as const
export type BreakKind = (typeof BREAK_KINDS)[number]
export const BREAK_LABELS: Record<BreakKind, string> = {
  missing: '缺少公告（被删除）',
  reordered: '顺序被改动',
  altered: '内容被改动',
}

export type ChainVerdict = { intact: true; count: number; head: string } | { intact: false; seq: number; kind: BreakKind; detail: string }

/**
 * The files of an intact log: each listed file's bytes, as served, must hash to the SHA-256 the
 * notice lists (`digest` answers null for a file the server no longer has). The first that does
 * not is reported as an altered notice.
 */
export async function verifyNoticeFiles(rows: readonly NoticeRow[], digest: (row: NoticeRow, sha256: string) => Promise<string | null>): Promise<ChainVerdict | null> {
  for (const row of rows) {
    for (const a of row.attachments ?? []) {
      const actual = await digest(row, a.sha256)
      if (actual !== a.sha256) {
        const what = actual === null ? '缺失' : '被替换'
        return { intact: false, seq: row.seq, kind: 'altered', detail: `第 ${row.seq} 号公告的附件「${a.name}」${what}：与公告记录中的哈希不符` }
      }
    }
  }
  return null
}

export async function verifyChain(rows: readonly NoticeRow[]): Promise<ChainVerdict> {
  const seqs = new Set(rows.map((r) => r.seq))
  const hashes = new Set(rows.map((r) => r.hash))
  let prevHash = GENESIS_HASH
  for (const [i, row] of rows.entries()) {
    const expected = i + 1
    if (row.seq !== expected) {
      return seqs.has(expected)
        ? { intact: false, seq: expected, kind: 'reordered', detail: `第 ${expected} 号公告不在应有的位置` }
        : { intact: false, seq: expected, kind: 'missing', detail: `找不到第 ${expected} 号公告` }
    }
    if (row.prevHash !== prevHash) {
      return hashes.has(row.prevHash)
        ? { intact: false, seq: row.seq, kind: 'reordered', detail: `第 ${row.seq} 号公告接在另一条公告之后` }
        : { intact: false, seq: Math.max(row.seq - 1, 1), kind: 'altered', detail: `第 ${Math.max(row.seq - 1, 1)} 号公告被改动过（其哈希与下一条记录的不符）` }
    }
    if ((await noticeHash(row)) !== row.hash) return { intact: false, seq: row.seq, kind: 'altered', detail: `第 ${row.seq} 号公告的内容与其哈希不符` }
    prevHash = row.hash
  }
  return { intact: true, count: rows.length, head: prevHash }
}
