/**
 * Everything a store serves, read through the Store interface into plain data, so two stores
 * (before and after a backup/restore, a migration, or a SQLite → PostgreSQL copy) can be compared
 * with one toEqual: accounts, audit, docs, each doc's attributed history, notice chains, minutes
 * versions, 民呼我应 codes and attachments. Docs are compared by their merged Yjs state, not by rows: compaction may
 * change how a doc is split into rows, never what it holds.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { verifyChain, type ChainVerdict } from '../../shared/notices/chain.js'
import type { NoticeRow } from '../../shared/notices/row.js'
import type { Store } from '../../server/storage/types.js'

export type StoreContents = {
  users: unknown[]
  villages: unknown[]
  memberships: unknown[]
  audit: unknown[]
  docs: Record<string, { stateVector: string; state: string }>
  notices: Record<string, { rows: NoticeRow[]; verdict: ChainVerdict }>
  minutes: Record<string, unknown[]>
  /** Each doc's attributed history, oldest first, ids and the changes themselves included. */
  history: Record<string, unknown[]>
  /** 民呼我应 tracking codes per village. */
  matters: Record<string, unknown[]>
  /** Attachments per village: each file's row, linking docs and the SHA-256 of the bytes it serves. */
  attachments: Record<string, unknown[]>
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64')

/** The merged state of one stored doc. */
export async function loadDoc(store: Store, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await store.docs.load(name)).updates) Y.applyUpdate(doc, u)
  return doc
}

export async function storeContents(store: Store): Promise<StoreContents> {
  const villages = await store.accounts.listVillages()
  const out: StoreContents = {
    users: await store.accounts.listUsers(),
    villages,
    memberships: await store.accounts.listMemberships(),
    audit: await store.accounts.listAudit({ limit: 10_000 }),
    docs: {},
    notices: {},
    minutes: {},
    history: {},
    matters: {},
    attachments: {},
  }
  for (const v of villages) {
    for (const name of [...(await store.docs.docVersions(v.id)).keys()].sort()) {
      const doc = await loadDoc(store, name)
      out.docs[name] = { stateVector: b64(Y.encodeStateVector(doc)), state: b64(Y.encodeStateAsUpdate(doc)) }
      doc.destroy()
      out.history[name] = (await store.docs.history(name)).map((r) => ({ ...r, update: b64(r.update) }))
      if (name.includes('/minutes/')) {
        const versions = []
        for (const s of await store.minutes.listVersions(name)) {
          versions.push({ ...(await store.minutes.getVersion(name, s.version)), confirmed: await store.minutes.confirmations(name, s.hash) })
        }
        out.minutes[name] = versions
      }
    }
    const rows = await store.notices.list(v.id)
    out.notices[v.id] = { rows, verdict: await verifyChain(rows) }
    out.matters[v.id] = await store.matters.list(v.id)
    const files = []
    for (const f of await store.attachments.list(v.id)) {
      const bytes = await store.attachments.read(v.id, f.sha256)
      files.push({ ...f, served: bytes ? createHash('sha256').update(bytes).digest('hex') : null })
    }
    out.attachments[v.id] = files
  }
  return out
}

/** Stores one whole attachment straight through the store, linked from `docName` (fixtures). */
export async function storeAttachment(store: Store, villageId: string, docName: string, bytes: Uint8Array, type = 'image/jpeg'): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  await store.attachments.declare({ villageId, sha256, size: bytes.length, type }, { docName, at: '2026-11-30T03:00:00.000Z', by: 'fixture', proof: null }, 2 ** 40)
  for (let pos = 0; pos < bytes.length; pos += 100_000) await store.attachments.appendChunk(villageId, sha256, pos, bytes.subarray(pos, pos + 100_000))
  if (!(await store.attachments.complete(villageId, sha256, (chunks) => chunks.reduce((h, c) => h.update(c), createHash('sha256')).digest('hex')))) {
    throw new Error('fixture attachment did not verify')
  }
  return sha256
}

/** A 财务公开 notice body to publish in store tests (a correction names the seq it corrects). */
export const financeNotice = (id: string, title: string, correctionOf: number | null = null) => ({
  id,
  kind: 'finance',
  title,
  body: `<p>${title}明细</p>`,
  periodFrom: '2026-11-01',
  periodTo: '2026-11-10',
  correctionOf,
  decisionId: null,
})
