/**
 * Doc updates at rest, sealed with the user's data key (dataKey.ts).
 *
 * Rules:
 * - Every update row is AES-GCM ciphertext with a fresh 12-byte iv; the doc name is the
 *   additional data, so a row moved to another doc fails to open instead of merging into it.
 * - WebCrypto is async and an IndexedDB transaction commits at the first await that is not a
 *   request of its own, so rows are sealed before a transaction and opened after reading, never
 *   inside one.
 * - A row without an iv is plaintext an earlier release wrote: it still loads, and
 *   sealPlainRows() encrypts it in place after the next unlock (nothing is dropped). Finding them
 *   reads every row, so it runs once per device and user (sealPlainRowsOnce): this release writes
 *   only sealed rows while a key is open, so no plain row appears after that.
 * - No key (tests of the layers below) stores plaintext; a sealed row then cannot be read and
 *   says so.
 */
import type { UpdateRow, UserDb } from './db'

export type DataKey = CryptoKey | null

export type NewUpdateRow = Omit<UpdateRow, 'id'>

export async function sealUpdate(key: DataKey, docName: string, bytes: Uint8Array): Promise<NewUpdateRow> {
  if (!key) return { docName, bytes, size: bytes.byteLength }
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
  const sealed = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(docName) }, key, own(bytes))
  return { docName, bytes: new Uint8Array(sealed), size: bytes.byteLength, iv }
}

export async function openUpdate(key: DataKey, row: Pick<UpdateRow, 'docName' | 'bytes' | 'iv'>): Promise<Uint8Array> {
  if (!row.iv) return row.bytes
  if (!key) throw new Error(`本机数据已加密，需要先输入密码解锁（${row.docName}）`)
  const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: own(row.iv), additionalData: additionalData(row.docName) }, key, own(row.bytes))
  return new Uint8Array(plain)
}

/** Every stored update of one doc, opened: the rows as read (for their ids) and their plaintext. */
export async function readUpdates(db: UserDb, docName: string, key: DataKey): Promise<{ rows: UpdateRow[]; updates: Uint8Array[] }> {
  let started = performance.now()
  const rows = await db.updates.where('docName').equals(docName).toArray()
  // Read by bench:ledger, which splits the time to the first row into its parts.
  performance.measure('cunwu:idb-read', { start: started })
  started = performance.now()
  const updates = await Promise.all(rows.map((row) => openUpdate(key, row)))
  performance.measure('cunwu:decrypt', { start: started })
  return { rows, updates }
}

/**
 * Encrypts, in place, every plaintext row an earlier release left (first unlock after the
 * upgrade). A row compacted away meanwhile is simply skipped: its content is in the snapshot
 * that replaced it, which this release sealed. Returns how many rows were sealed.
 */
export async function sealPlainRows(db: UserDb, key: CryptoKey): Promise<number> {
  const plain = await db.updates.filter((row) => !row.iv).toArray()
  let sealed = 0
  for (const row of plain) {
    const next = await sealUpdate(key, row.docName, row.bytes)
    sealed += await db.transaction('rw', db.updates, async () => {
      const current = await db.updates.get(row.id)
      if (!current || current.iv) return 0
      await db.updates.put({ ...next, id: row.id })
      return 1
    })
  }
  return sealed
}

const PLAIN_ROWS_SEALED = 'plainRowsSealed'

/**
 * sealPlainRows, the first time only: afterwards a note in the user's values says it was done,
 * and unlocking reads no update row for it (the scan reads the whole store, megabytes for a
 * village, and competed with opening the first screen).
 */
export async function sealPlainRowsOnce(db: UserDb, key: CryptoKey): Promise<number> {
  if ((await db.values.get(PLAIN_ROWS_SEALED))?.value === true) return 0
  const sealed = await sealPlainRows(db, key)
  await db.values.put({ key: PLAIN_ROWS_SEALED, value: true })
  return sealed
}

/** A copy on its own ArrayBuffer (what WebCrypto's types accept; IndexedDB hands back views). */
export function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes)
}

function additionalData(docName: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`cunwu:update:${docName}`)
}
