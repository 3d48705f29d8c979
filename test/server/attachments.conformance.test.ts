/**
 * The attachment store on SQLite (the file under DATA_DIR) and PostgreSQL (bytea chunks): one
 * suite, both backends. Content addressing (stored once), in-order resumable chunks, hash
 * verification at completion, references per doc, the village quota under concurrent declarations,
 * and the per-village figure.
 */
import { createHash, randomBytes } from 'node:crypto'
import { expect, it } from 'vitest'
import { sha256Hex } from '../../server/routes/attachments.js'
import { requirePostgres } from '../helpers/postgres.js'
import { describeEachStore } from '../helpers/storeBackends.js'

const pgUp = await requirePostgres('the PostgreSQL half of the attachment store suite')
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const ref = (docName: string, proof: string | null = null) => ({ docName, at: '2026-03-01T00:00:00Z', by: 'u1', proof })
const BIG = 2 ** 40

describeEachStore('attachment store', pgUp, (_backend, store) => {
  it('stores a file in chunks, in order only, and reads it back once verified', async () => {
    const a = store().attachments
    const bytes = randomBytes(700_000)
    const hash = sha(bytes)
    const declared = await a.declare({ villageId: 'v1', sha256: hash, size: bytes.length, type: 'image/jpeg' }, ref('v1/ledger/g1'), BIG)
    expect(declared).toMatchObject({ ok: true, created: true, row: { received: 0, complete: false, size: 700_000 } })
    expect(await a.appendChunk('v1', hash, 0, bytes.subarray(0, 300_000))).toEqual({ ok: true, received: 300_000 })
    // A repeat of the first chunk (the answer was lost) and a gap are both refused with where to resume.
    expect(await a.appendChunk('v1', hash, 0, bytes.subarray(0, 300_000))).toEqual({ ok: false, received: 300_000, complete: false })
    expect(await a.appendChunk('v1', hash, 400_000, bytes.subarray(400_000))).toEqual({ ok: false, received: 300_000, complete: false })
    // Past the declared size is refused.
    expect((await a.appendChunk('v1', hash, 300_000, new Uint8Array(400_001))).ok).toBe(false)
    expect(await a.read('v1', hash)).toBeNull()
    expect(await a.complete('v1', hash, sha256Hex)).toBe(false)
    expect(await a.appendChunk('v1', hash, 300_000, bytes.subarray(300_000))).toEqual({ ok: true, received: 700_000 })
    expect(await a.complete('v1', hash, sha256Hex)).toBe(true)
    expect(Buffer.from((await a.read('v1', hash)) ?? []).equals(bytes)).toBe(true)
    expect(await a.get('v1', hash)).toMatchObject({ complete: true, received: 700_000, type: 'image/jpeg' })
    expect(await a.appendChunk('v1', hash, 700_000, new Uint8Array(1))).toEqual({ ok: false, received: 700_000, complete: true })
  })

  it('stores the same bytes once; a second doc only adds its reference', async () => {
    const a = store().attachments
    const bytes = randomBytes(1000)
    const hash = sha(bytes)
    await a.declare({ villageId: 'v2', sha256: hash, size: 1000, type: 'application/pdf' }, ref('v2/ledger/g1'), BIG)
    await a.appendChunk('v2', hash, 0, bytes)
    await a.complete('v2', hash, sha256Hex)
    const again = await a.declare({ villageId: 'v2', sha256: hash, size: 1000, type: 'application/pdf' }, ref('v2/minutes/m1'), BIG)
    expect(again).toMatchObject({ ok: true, created: false, row: { complete: true, received: 1000 } })
    expect(await a.referenced('v2', hash, 'v2/ledger/g1')).toBe(true)
    expect(await a.referenced('v2', hash, 'v2/minutes/m1')).toBe(true)
    expect(await a.referenced('v2', hash, 'v2/sensitive/g1')).toBe(false)
    // Another village has its own copy and its own references.
    expect(await a.referenced('v3', hash, 'v2/ledger/g1')).toBe(false)
    expect(await a.villageBytes('v2')).toBe(1000)
  })

  it('discards the chunks when the bytes do not hash to the name, and the upload starts over', async () => {
    const a = store().attachments
    const bytes = randomBytes(5000)
    const hash = sha(bytes)
    await a.declare({ villageId: 'v4', sha256: hash, size: 5000, type: 'image/png' }, ref('v4/ledger/g1'), BIG)
    const forged = Buffer.from(bytes)
    forged[10] = (forged[10] ?? 0) ^ 0xff
    await a.appendChunk('v4', hash, 0, forged)
    expect(await a.complete('v4', hash, sha256Hex)).toBe(false)
    expect(await a.get('v4', hash)).toMatchObject({ received: 0, complete: false })
    expect(await a.read('v4', hash)).toBeNull()
    await a.appendChunk('v4', hash, 0, bytes)
    expect(await a.complete('v4', hash, sha256Hex)).toBe(true)
  })

  it('refuses a new file past the village quota, also when declarations race', async () => {
    const a = store().attachments
    const files = Array.from({ length: 6 }, () => randomBytes(400))
    const outcomes = await Promise.all(files.map((f) => a.declare({ villageId: 'v5', sha256: sha(f), size: 400, type: 'image/jpeg' }, ref('v5/ledger/g1'), 1000)))
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2)
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.used === 800)).toBe(true)
    expect(await a.villageBytes('v5')).toBe(800)
    // A file already stored is no new bytes: linking it again is never refused.
    const stored = outcomes.findIndex((o) => o.ok)
    expect((await a.declare({ villageId: 'v5', sha256: sha(files[stored] as Buffer), size: 400, type: 'image/jpeg' }, ref('v5/minutes/m1'), 1000)).ok).toBe(true)
  })

  it('keeps a pending reference closed until its proof is settled, and drops it when the proof was wrong', async () => {
    const a = store().attachments
    const bytes = randomBytes(2000)
    const hash = sha(bytes)
    await a.declare({ villageId: 'v6', sha256: hash, size: 2000, type: 'image/jpeg' }, ref('v6/ledger/g1'), BIG)
    await a.declare({ villageId: 'v6', sha256: hash, size: 2000, type: 'image/jpeg' }, ref('v6/minutes/m1', 'a'.repeat(64)), BIG)
    await a.declare({ villageId: 'v6', sha256: hash, size: 2000, type: 'image/jpeg' }, ref('v6/decisions', 'b'.repeat(64)), BIG)
    // Pending: may send chunks (pending-too), opens nothing.
    expect(await a.referenced('v6', hash, 'v6/minutes/m1')).toBe(false)
    expect(await a.referenced('v6', hash, 'v6/minutes/m1', 'pending-too')).toBe(true)
    expect(await a.referenced('v6', hash, 'v6/ledger/g1')).toBe(true)
    expect(await a.pendingProofs('v6', hash)).toEqual([
      { docName: 'v6/decisions', by: 'u1', proof: 'b'.repeat(64) },
      { docName: 'v6/minutes/m1', by: 'u1', proof: 'a'.repeat(64) },
    ])
    // A second declaration by the same doc does not change the pending proof.
    await a.declare({ villageId: 'v6', sha256: hash, size: 2000, type: 'image/jpeg' }, ref('v6/minutes/m1', 'c'.repeat(64)), BIG)
    expect((await a.pendingProofs('v6', hash)).map((p) => p.proof)).toEqual(['b'.repeat(64), 'a'.repeat(64)])
    await a.settleProof('v6', hash, 'v6/minutes/m1', true)
    await a.settleProof('v6', hash, 'v6/decisions', false)
    expect(await a.referenced('v6', hash, 'v6/minutes/m1')).toBe(true)
    expect(await a.referenced('v6', hash, 'v6/decisions', 'pending-too')).toBe(false)
    expect(await a.pendingProofs('v6', hash)).toEqual([])
    // Settling never removes a full reference.
    await a.settleProof('v6', hash, 'v6/ledger/g1', false)
    expect(await a.referenced('v6', hash, 'v6/ledger/g1')).toBe(true)
  })

  it('reports the files and bytes of every village', async () => {
    const usage = await store().attachments.usage()
    expect(usage.get('v1')).toEqual({ files: 1, bytes: 700_000 })
    expect(usage.get('v2')).toEqual({ files: 1, bytes: 1000 })
    expect(usage.get('v5')).toEqual({ files: 2, bytes: 800 })
    expect(usage.has('v3')).toBe(false)
    expect((await store().attachments.list('v2')).map((f) => [f.size, f.type, f.complete, f.docs])).toEqual([[1000, 'application/pdf', true, ['v2/ledger/g1', 'v2/minutes/m1']]])
    expect(await store().attachments.list('v3')).toEqual([])
  })
})
