/** Attachments in SQLite, in the store's own file under DATA_DIR (rules in attachments.ts). */
import type Database from 'better-sqlite3'
import { ATTACHMENT_COLUMNS, toAttachmentRow, type AttachmentDb, type AttachmentStore } from './attachments.js'

export function sqliteAttachmentStore(db: Database.Database): AttachmentStore {
  const byKey = db.prepare<[string, string], AttachmentDb>(`select ${ATTACHMENT_COLUMNS} from attachments where village_id = ? and sha256 = ?`)
  const used = db.prepare<[string], { n: number }>('select coalesce(sum(size), 0) as n from attachments where village_id = ?')
  const insert = db.prepare(`insert into attachments (${ATTACHMENT_COLUMNS}) values (?, ?, ?, ?, 0, null, ?, ?)`)
  const addRef = db.prepare('insert or ignore into attachment_refs (village_id, sha256, doc_name, added_at, added_by, proof) values (?, ?, ?, ?, ?, ?)')
  const refOf = db.prepare<[string, string, string], { proof: string | null }>('select proof from attachment_refs where village_id = ? and sha256 = ? and doc_name = ?')
  const pending = db.prepare<[string, string], { doc_name: string; added_by: string; proof: string }>(
    'select doc_name, added_by, proof from attachment_refs where village_id = ? and sha256 = ? and proof is not null order by doc_name',
  )
  const proven = db.prepare('update attachment_refs set proof = null where village_id = ? and sha256 = ? and doc_name = ?')
  const dropRef = db.prepare('delete from attachment_refs where village_id = ? and sha256 = ? and doc_name = ? and proof is not null')
  const insertChunk = db.prepare('insert into attachment_chunks (village_id, sha256, pos, data) values (?, ?, ?, ?)')
  const setReceived = db.prepare('update attachments set received = ? where village_id = ? and sha256 = ?')
  const chunks = db.prepare<[string, string], { data: Buffer }>('select data from attachment_chunks where village_id = ? and sha256 = ? order by pos')
  const dropChunks = db.prepare('delete from attachment_chunks where village_id = ? and sha256 = ?')
  const setComplete = db.prepare('update attachments set completed_at = ? where village_id = ? and sha256 = ?')
  const list = db.prepare<[string], AttachmentDb>(`select ${ATTACHMENT_COLUMNS} from attachments where village_id = ? order by created_at, sha256`)
  const refsOf = db.prepare<[string], { sha256: string; doc_name: string }>('select sha256, doc_name from attachment_refs where village_id = ? order by doc_name')
  const usage = db.prepare<[], { village_id: string; files: number; bytes: number }>(
    'select village_id, count(*) as files, sum(size) as bytes from attachments group by village_id order by village_id',
  )

  const declare = db.transaction((meta: Parameters<AttachmentStore['declare']>[0], ref: Parameters<AttachmentStore['declare']>[1], quota: number) => {
    let row = byKey.get(meta.villageId, meta.sha256)
    let created = false
    if (!row) {
      const now = used.get(meta.villageId)?.n ?? 0
      if (now + meta.size > quota) return { ok: false as const, used: now }
      insert.run(meta.villageId, meta.sha256, meta.size, meta.type, ref.at, ref.by)
      row = byKey.get(meta.villageId, meta.sha256) as AttachmentDb
      created = true
    }
    addRef.run(meta.villageId, meta.sha256, ref.docName, ref.at, ref.by, ref.proof)
    return { ok: true as const, row: toAttachmentRow(row), created }
  })
  const append = db.transaction((villageId: string, sha256: string, pos: number, data: Uint8Array) => {
    const row = byKey.get(villageId, sha256)
    if (!row) return { ok: false as const, received: 0, complete: false }
    const r = toAttachmentRow(row)
    if (r.complete || pos !== r.received || pos + data.byteLength > r.size) return { ok: false as const, received: r.received, complete: r.complete }
    insertChunk.run(villageId, sha256, pos, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    setReceived.run(pos + data.byteLength, villageId, sha256)
    return { ok: true as const, received: pos + data.byteLength }
  })
  const complete = db.transaction((villageId: string, sha256: string, hash: (chunks: Uint8Array[]) => string) => {
    const row = byKey.get(villageId, sha256)
    if (!row) return false
    const r = toAttachmentRow(row)
    if (r.complete) return true
    if (r.received !== r.size) return false
    if (hash(chunks.all(villageId, sha256).map((c) => c.data)) === sha256) {
      setComplete.run(new Date().toISOString(), villageId, sha256)
      return true
    }
    dropChunks.run(villageId, sha256)
    setReceived.run(0, villageId, sha256)
    return false
  })
  return {
    async declare(meta, ref, quota) {
      return declare(meta, ref, quota)
    },
    async appendChunk(villageId, sha256, pos, data) {
      return append(villageId, sha256, pos, data)
    },
    async complete(villageId, sha256, hash) {
      return complete(villageId, sha256, hash)
    },
    async get(villageId, sha256) {
      const row = byKey.get(villageId, sha256)
      return row ? toAttachmentRow(row) : null
    },
    async read(villageId, sha256) {
      const row = byKey.get(villageId, sha256)
      if (!row || row.completed_at === null) return null
      return Uint8Array.from(Buffer.concat(chunks.all(villageId, sha256).map((c) => c.data)))
    },
    async referenced(villageId, sha256, docName, withPending) {
      const ref = refOf.get(villageId, sha256, docName)
      return ref !== undefined && (ref.proof === null || withPending === 'pending-too')
    },
    async pendingProofs(villageId, sha256) {
      return pending.all(villageId, sha256).map((r) => ({ docName: r.doc_name, by: r.added_by, proof: r.proof }))
    },
    async settleProof(villageId, sha256, docName, ok) {
      ;(ok ? proven : dropRef).run(villageId, sha256, docName)
    },
    async villageBytes(villageId) {
      return used.get(villageId)?.n ?? 0
    },
    async list(villageId) {
      const refs = refsOf.all(villageId)
      return list.all(villageId).map((r) => ({ ...toAttachmentRow(r), docs: refs.filter((x) => x.sha256 === r.sha256).map((x) => x.doc_name) }))
    },
    async usage() {
      return new Map(usage.all().map((r) => [r.village_id, { files: r.files, bytes: r.bytes }]))
    },
  }
}
