/**
 * Background sync of every doc the user may open, without opening them (DESIGN.md "Client").
 *
 * Rules:
 * - One manifest request lists every permitted doc with its server version; a doc is sent only
 *   when its version moved since the last sync or it has unsaved local changes, so unchanged
 *   docs cost nothing beyond their manifest line.
 * - A doc is pushed as the diff since what the server last acknowledged, and pulled as the diff
 *   since the local state; the answer's state vector is the durable ack (pending rows it covers
 *   are cleared), applied exactly like a websocket ack.
 * - Docs open right now are left to their live connection.
 * - A doc the user may no longer open keeps its local changes; it is reported, never dropped.
 */
import * as Y from 'yjs'
import {
  MAX_SYNC_DOCS,
  fromBase64,
  manifestSchema,
  syncResponseSchema,
  toBase64,
  type Manifest,
  type SyncRequest,
} from '../../shared/api/sync'
import type { UserDb } from './db'
import { applyAck, loadAcked } from './pending'
import { readUpdates, sealUpdate, type DataKey } from './sealed'
import { encodeStateVectorMap } from '../../shared/protocol/durable'

export type BackgroundSyncOptions = {
  db: UserDb
  baseUrl: string
  token: string
  fetchImpl?: typeof fetch
  /** Docs with a live connection; they are skipped. */
  isOpen?: (docName: string) => boolean
  /** The user's data key: pulled updates are stored sealed (sealed.ts). */
  dataKey?: DataKey
}

export type BackgroundSyncReport = {
  /** Docs in the manifest. */
  listed: number
  /** Docs sent in the sync request (changed on the server or with local changes). */
  exchanged: string[]
  /** Docs that received new content from the server. */
  pulled: string[]
  /** Docs whose local changes were pushed and acknowledged. */
  pushed: string[]
  forbidden: string[]
  bytesUp: number
  bytesDown: number
}

export async function syncAllDocs(options: BackgroundSyncOptions): Promise<BackgroundSyncReport> {
  const { db } = options
  const report: BackgroundSyncReport = { listed: 0, exchanged: [], pulled: [], pushed: [], forbidden: [], bytesUp: 0, bytesDown: 0 }
  const manifestText = await request(options, '/api/sync/manifest')
  report.bytesDown += manifestText.length
  const manifest: Manifest = manifestSchema.parse(JSON.parse(manifestText))
  report.listed = manifest.docs.length
  const versions = new Map(manifest.docs.map((d) => [d.name, d.version]))
  const withPending = new Set((await db.pending.orderBy('docName').uniqueKeys()).map(String))
  const candidates: string[] = []
  for (const d of manifest.docs) {
    const row = await db.docSync.get(d.name)
    if (row?.serverVersion !== d.version || withPending.has(d.name)) candidates.push(d.name)
  }
  for (const name of withPending) if (!versions.has(name)) candidates.push(name)
  const due = candidates.filter((name) => !options.isOpen?.(name))
  for (let i = 0; i < due.length; i += MAX_SYNC_DOCS) {
    await exchange(options, due.slice(i, i + MAX_SYNC_DOCS), versions, withPending, report)
  }
  return report
}

async function exchange(
  options: BackgroundSyncOptions,
  names: string[],
  versions: Map<string, number>,
  withPending: Set<string>,
  report: BackgroundSyncReport,
): Promise<void> {
  const { db } = options
  const docs: SyncRequest['docs'] = []
  for (const name of names) {
    const local = await loadLocal(db, name, options.dataKey ?? null)
    const item: SyncRequest['docs'][number] = { name, stateVector: toBase64(Y.encodeStateVector(local)) }
    if (withPending.has(name)) item.update = toBase64(Y.encodeStateAsUpdate(local, encodeStateVectorMap(await loadAcked(db, name))))
    docs.push(item)
    local.destroy()
  }
  const body = JSON.stringify({ docs })
  report.bytesUp += body.length
  report.exchanged.push(...names)
  const text = await request(options, '/api/sync', body)
  report.bytesDown += text.length
  for (const result of syncResponseSchema.parse(JSON.parse(text)).docs) {
    if ('error' in result) {
      if (result.error === 'forbidden') report.forbidden.push(result.name)
      continue
    }
    const update = fromBase64(result.update)
    const version = versions.get(result.name)
    // The content and the version it brings the doc to are stored together or not at all: a
    // version recorded without its content (the page closed in between) would make later syncs
    // skip a doc this device does not fully hold.
    const row = updateHasContent(update) ? await sealUpdate(options.dataKey ?? null, result.name, update) : null
    await db.transaction('rw', db.updates, db.docSync, async () => {
      if (row) await db.updates.add(row)
      if (version !== undefined) await recordVersion(db, result.name, version)
    })
    if (updateHasContent(update)) report.pulled.push(result.name)
    const cleared = result.readOnly ? 0 : await applyAck(db, result.name, Y.decodeStateVector(fromBase64(result.stateVector)))
    if (cleared > 0) report.pushed.push(result.name)
  }
}

async function recordVersion(db: UserDb, docName: string, serverVersion: number): Promise<void> {
  const row = await db.docSync.get(docName)
  await db.docSync.put({ ...(row ?? { docName, ackedStateVector: encodeStateVectorMap(new Map()), lastSyncedAt: Date.now() }), serverVersion })
}

async function loadLocal(db: UserDb, name: string, key: DataKey): Promise<Y.Doc> {
  const doc = new Y.Doc()
  const { updates } = await readUpdates(db, name, key)
  Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)))
  return doc
}

/** An update with no structs and no deletions encodes as two zero bytes. */
function updateHasContent(update: Uint8Array): boolean {
  return update.byteLength > 2
}

async function request(options: BackgroundSyncOptions, path: string, body?: string): Promise<string> {
  const fetchImpl = options.fetchImpl ?? fetch
  const res = await fetchImpl(`${options.baseUrl.replace(/\/+$/, '')}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  })
  const text = await res.text()
  if (!res.ok) throw new SyncHttpError(res.status, text)
  return text
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`background sync failed with HTTP ${status}: ${body.slice(0, 200)}`)
  }
}
