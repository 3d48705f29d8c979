/** Attachments in PostgreSQL, so every relay serves every file (rules in attachments.ts). */
import type pg from 'pg'
import { ATTACHMENT_COLUMNS, toAttachmentRow, type AttachmentDb, type AttachmentStore } from './attachments.js'
import { inTransaction } from './transaction.pg.js'

const BY_KEY = `select ${ATTACHMENT_COLUMNS} from attachments where village_id = $1 and sha256 = $2`
const BY_KEY_LOCKED = `${BY_KEY} for update`

export function pgAttachmentStore(pool: pg.Pool): AttachmentStore {
  const used = async (q: pg.Pool | pg.PoolClient, villageId: string) =>
    Number((await q.query<{ n: string }>('select coalesce(sum(size), 0) as n from attachments where village_id = $1', [villageId])).rows[0]?.n ?? 0)
  return {
    async declare(meta, ref, quota) {
      return inTransaction(pool, async (client) => {
        // One declaration per village at a time: the quota check and the insert see the same total.
        await client.query("select pg_advisory_xact_lock(hashtext('attachments:' || $1))", [meta.villageId])
        let row = (await client.query<AttachmentDb>(BY_KEY, [meta.villageId, meta.sha256])).rows[0]
        let created = false
        if (!row) {
          const now = await used(client, meta.villageId)
          if (now + meta.size > quota) return { ok: false as const, used: now }
          await client.query(`insert into attachments (${ATTACHMENT_COLUMNS}) values ($1, $2, $3, $4, 0, null, $5, $6)`, [
            meta.villageId,
            meta.sha256,
            meta.size,
            meta.type,
            ref.at,
            ref.by,
          ])
          row = (await client.query<AttachmentDb>(BY_KEY, [meta.villageId, meta.sha256])).rows[0] as AttachmentDb
          created = true
        }
        await client.query(
          'insert into attachment_refs (village_id, sha256, doc_name, added_at, added_by, proof) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
          [meta.villageId, meta.sha256, ref.docName, ref.at, ref.by, ref.proof],
        )
        return { ok: true as const, row: toAttachmentRow(row), created }
      })
    },
    async appendChunk(villageId, sha256, pos, data) {
      return inTransaction(pool, async (client) => {
        const row = (await client.query<AttachmentDb>(BY_KEY_LOCKED, [villageId, sha256])).rows[0]
        if (!row) return { ok: false as const, received: 0, complete: false }
        const r = toAttachmentRow(row)
        if (r.complete || pos !== r.received || pos + data.byteLength > r.size) return { ok: false as const, received: r.received, complete: r.complete }
        await client.query('insert into attachment_chunks (village_id, sha256, pos, data) values ($1, $2, $3, $4)', [villageId, sha256, pos, Buffer.from(data)])
        await client.query('update attachments set received = $1 where village_id = $2 and sha256 = $3', [pos + data.byteLength, villageId, sha256])
        return { ok: true as const, received: pos + data.byteLength }
      })
    },
    async complete(villageId, sha256, hash) {
      return inTransaction(pool, async (client) => {
        const row = (await client.query<AttachmentDb>(BY_KEY_LOCKED, [villageId, sha256])).rows[0]
        if (!row) return false
        const r = toAttachmentRow(row)
        if (r.complete) return true
        if (r.received !== r.size) return false
        const { rows } = await client.query<{ data: Buffer }>('select data from attachment_chunks where village_id = $1 and sha256 = $2 order by pos', [villageId, sha256])
        if (hash(rows.map((c) => c.data)) === sha256) {
          await client.query('update attachments set completed_at = $1 where village_id = $2 and sha256 = $3', [new Date().toISOString(), villageId, sha256])
          return true
        }
        await client.query('delete from attachment_chunks where village_id = $1 and sha256 = $2', [villageId, sha256])
        await client.query('update attachments set received = 0 where village_id = $1 and sha256 = $2', [villageId, sha256])
        return false
      })
    },
    async get(villageId, sha256) {
      const row = (await pool.query<AttachmentDb>(BY_KEY, [villageId, sha256])).rows[0]
      return row ? toAttachmentRow(row) : null
    },
    async read(villageId, sha256) {
      const row = (await pool.query<AttachmentDb>(BY_KEY, [villageId, sha256])).rows[0]
      if (!row || row.completed_at === null) return null
      const { rows } = await pool.query<{ data: Buffer }>('select data from attachment_chunks where village_id = $1 and sha256 = $2 order by pos', [villageId, sha256])
      return Uint8Array.from(Buffer.concat(rows.map((c) => c.data)))
    },
    async referenced(villageId, sha256, docName, withPending) {
      const { rows } = await pool.query<{ proof: string | null }>('select proof from attachment_refs where village_id = $1 and sha256 = $2 and doc_name = $3', [villageId, sha256, docName])
      const ref = rows[0]
      return ref !== undefined && (ref.proof === null || withPending === 'pending-too')
    },
    async pendingProofs(villageId, sha256) {
      const { rows } = await pool.query<{ doc_name: string; added_by: string; proof: string }>(
        'select doc_name, added_by, proof from attachment_refs where village_id = $1 and sha256 = $2 and proof is not null order by doc_name',
        [villageId, sha256],
      )
      return rows.map((r) => ({ docName: r.doc_name, by: r.added_by, proof: r.proof }))
    },
    async settleProof(villageId, sha256, docName, ok) {
      await pool.query(
        ok
          ? 'update attachment_refs set proof = null where village_id = $1 and sha256 = $2 and doc_name = $3'
          : 'delete from attachment_refs where village_id = $1 and sha256 = $2 and doc_name = $3 and proof is not null',
        [villageId, sha256, docName],
      )
    },
    async villageBytes(villageId) {
      return used(pool, villageId)
    },
    async list(villageId) {
      const { rows } = await pool.query<AttachmentDb>(`select ${ATTACHMENT_COLUMNS} from attachments where village_id = $1 order by created_at, sha256`, [villageId])
      const refs = (await pool.query<{ sha256: string; doc_name: string }>('select sha256, doc_name from attachment_refs where village_id = $1 order by doc_name', [villageId])).rows
      return rows.map((r) => ({ ...toAttachmentRow(r), docs: refs.filter((x) => x.sha256 === r.sha256).map((x) => x.doc_name) }))
    },
    async usage() {
      const { rows } = await pool.query<{ village_id: string; files: string; bytes: string }>(
        'select village_id, count(*) as files, sum(size) as bytes from attachments group by village_id order by village_id',
      )
      return new Map(rows.map((r) => [r.village_id, { files: Number(r.files), bytes: Number(r.bytes) }]))
    },
  }
}
