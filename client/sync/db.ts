/**
 * IndexedDB layout (Dexie). Rule: local data is split by who may read it. The app db holds only
 * what is needed before anyone signs in (the cached session, UI prefs); everything a user synced
 * lives in that user's own db, so two people sharing a village office PC never read each other's
 * documents, and signing out never has to rewrite shared tables.
 *
 * The IndexedDB factory is injectable so tests run on fake-indexeddb.
 */
import Dexie, { type EntityTable } from 'dexie'
import type { User } from '../../shared/api/auth'

/** Where IndexedDB comes from; omit both in the browser. */
export type IdbDeps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }

export type SessionRow = { key: 'session'; token: string; expiresAt: string; user: User; baseUrl: string }
export type PrefRow = { key: string; value: unknown }

/**
 * One user's data key, wrapped (AES-GCM) by a key derived from their password (dataKey.ts). Kept in
 * the app db because it is needed before the user's own db can be read; useless without the password.
 */
export type DataKeyRow = { userId: string; salt: Uint8Array; iterations: number; iv: Uint8Array; wrapped: Uint8Array }

export type AppDb = Dexie & {
  session: EntityTable<SessionRow, 'key'>
  prefs: EntityTable<PrefRow, 'key'>
  dataKeys: EntityTable<DataKeyRow, 'userId'>
}

/**
 * One Yjs update of one doc; `size` is the plaintext's byteLength, kept so compaction need not sum
 * blobs. With `iv`, `bytes` is AES-GCM ciphertext under the user's data key (sealed.ts); without
 * it, a plaintext row an earlier release wrote, sealed on the next unlock.
 */
export type UpdateRow = { id: number; docName: string; bytes: Uint8Array; size: number; iv?: Uint8Array }

/**
 * What the server has acknowledged for one doc (an encoded Yjs state vector), and the server
 * version (latest stored seq) the last background sync brought this doc up to.
 */
export type DocSyncRow = { docName: string; ackedStateVector: Uint8Array; lastSyncedAt: number; serverVersion?: number }

/** One local change the server has not acknowledged: saved once ack[clientID] >= clock. */
export type PendingRow = { id: number; docName: string; clientID: number; clock: number }

/**
 * The server-authoritative acts the outbox carries: publishing a notice, and reporting that a
 * masked field was shown in full (DOMAIN.md §5.4.7), uploading a file, recording where a notice
 * was posted (张贴记录). Later features add theirs here.
 */
export const OUTBOX_KINDS = ['notice.publish', 'audit.reveal', 'attachment.upload', 'notice.posting'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/**
 * A server-authoritative action taken on this device, waiting to be sent (outbox.ts). `id` is the
 * action's own id (a notice's id), which the server deduplicates by.
 */
export type OutboxRow = {
  id: string
  kind: OutboxKind
  villageId: string
  payload: unknown
  createdAt: number
  attempts: number
  nextAttemptAt: number
  /** 'failed': the server refused it for good (shown to the user, not retried by itself). */
  state: 'pending' | 'failed'
  lastError: string | null
  /** Acts that must reach the server first (a posting record's photo uploads); it waits while any is queued. */
  after?: string[]
}

/**
 * Small per-user values (the villages and memberships caches, when background sync last
 * completed). A stored value is untrusted (an older app wrote it): readers parse it with zod.
 */
export type KeyValueRow = { key: string; value: unknown }

/**
 * One attached file on this device (client/attachments/files.ts), by village and SHA-256: taken
 * here and waiting to upload, or fetched on demand. `bytes` is AES-GCM ciphertext under the
 * user's data key when `iv` is set. `uploaded` counts the bytes the relay has confirmed.
 */
export type FileRow = {
  key: string
  villageId: string
  sha256: string
  type: string
  size: number
  bytes: Uint8Array
  iv?: Uint8Array
  uploaded: number
  storedAt: number
}

/**
 * A record pinned for offline use on this device (client/attachments/pins.ts): the doc and the
 * owner of its links, the label shown, the files it held at the last keeping and how many of them
 * are on this device.
 */
export type PinRow = {
  key: string
  docName: string
  owner: string
  villageId: string
  label: string
  pinnedAt: number
  files: string[]
  here: number
  keptAt: number | null
}

export type UserDb = Dexie & {
  updates: EntityTable<UpdateRow, 'id'>
  docSync: EntityTable<DocSyncRow, 'docName'>
  pending: EntityTable<PendingRow, 'id'>
  outbox: EntityTable<OutboxRow, 'id'>
  values: EntityTable<KeyValueRow, 'key'>
  files: EntityTable<FileRow, 'key'>
  pins: EntityTable<PinRow, 'key'>
}

export const APP_DB_NAME = 'cunwu-app'

export function userDbName(userId: string): string {
  return `cunwu-user-${userId}`
}

export function openAppDb(deps: IdbDeps = {}): AppDb {
  const db = new Dexie(APP_DB_NAME, dexieOptions(deps)) as AppDb
  db.version(1).stores({ session: 'key', prefs: 'key' })
  db.version(2).stores({ dataKeys: 'userId' })
  return db
}

export function openUserDb(userId: string, deps: IdbDeps = {}): UserDb {
  const db = new Dexie(userDbName(userId), dexieOptions(deps)) as UserDb
  db.version(1).stores({
    updates: '++id, docName',
    docSync: 'docName',
    pending: '++id, docName',
  })
  db.version(2).stores({ outbox: 'id, createdAt' })
  db.version(3).stores({ values: 'key' })
  db.version(4).stores({ files: 'key, villageId' })
  db.version(5).stores({ pins: 'key, pinnedAt' })
  return db
}

/**
 * Deletes this device's copy of one user's data (sign-out with 清除本机数据). Only the caller
 * knows whether that is safe: pending rows not yet on the server are lost with it. Other open
 * connections to the db (another tab) are closed by Dexie on the version change, so this resolves
 * once the db is gone.
 */
export async function deleteUserDb(userId: string, deps: IdbDeps = {}): Promise<void> {
  await new Dexie(userDbName(userId), dexieOptions(deps)).delete()
}

function dexieOptions(deps: IdbDeps): { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } {
  const options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}
  if (deps.indexedDB) options.indexedDB = deps.indexedDB
  if (deps.IDBKeyRange) options.IDBKeyRange = deps.IDBKeyRange
  return options
}
