/**
 * The user's data key: what keeps a copy of this browser's profile from revealing residents'
 * records (issue #14, shared office PC).
 *
 * Rules:
 * - Each user has one random AES-GCM-256 data key per device. It encrypts every doc update the
 *   user's db stores (sealed.ts); it exists in memory only, as a non-extractable CryptoKey.
 * - At rest it is wrapped (AES-GCM) by a key derived from the password with PBKDF2-SHA-256 over a
 *   random per-user salt (PBKDF2_ITERATIONS, stored with the row so it can be raised later). So
 *   only the password unwraps it, and that needs no server: offline sign-in derives it too.
 * - A wrong password fails the GCM tag check: WrongPasswordError, never a garbage key.
 * - Changing the password rewraps the same key (the data stays as it is); a wipe deletes the row.
 * - Uses WebCrypto only (crypto.subtle: the browser's, or Node's in tests).
 */
import { openAppDb, type DataKeyRow, type IdbDeps } from './db'
import { own } from './sealed'

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a few hundred ms on a cheap phone, once per sign-in. */
export const PBKDF2_ITERATIONS = 600_000

export const WRONG_PASSWORD_MESSAGE = '密码不正确，无法解锁本机数据'

export class WrongPasswordError extends Error {
  constructor() {
    super(WRONG_PASSWORD_MESSAGE)
    this.name = 'WrongPasswordError'
  }
}

export type DataKeyOptions = IdbDeps & { iterations?: number }

const subtle = (): SubtleCrypto => globalThis.crypto.subtle

/** Whether this device holds a wrapped data key for the user (else the first sign-in creates it). */
export async function hasDataKey(userId: string, deps: IdbDeps = {}): Promise<boolean> {
  return (await readRow(userId, deps)) !== undefined
}

/** Unwraps the user's data key with the password; WrongPasswordError if it does not fit. */
export async function unlockDataKey(userId: string, password: string, deps: IdbDeps = {}): Promise<CryptoKey> {
  const key = await unlockStoredDataKey(userId, password, deps)
  if (!key) throw new Error('本机没有这个用户的数据密钥')
  return key
}

/** unlockDataKey in one read of the row: null if this device holds no key for the user. */
export async function unlockStoredDataKey(userId: string, password: string, deps: IdbDeps = {}): Promise<CryptoKey | null> {
  const row = await readRow(userId, deps)
  return row ? unwrap(row, password, false) : null
}

/**
 * The key for a sign-in the relay has just accepted: the stored one unwrapped, or, on this
 * device's first sign-in for the user, a new one wrapped with the password and stored.
 * WrongPasswordError means the row was wrapped with another password (changed on another device).
 */
export async function unlockOrCreateDataKey(userId: string, password: string, options: DataKeyOptions = {}): Promise<CryptoKey> {
  const stored = await unlockStoredDataKey(userId, password, options)
  if (stored) return stored
  const key = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt'])
  await writeRow(await wrap(userId, key, password, options.iterations ?? PBKDF2_ITERATIONS), options)
  // Only the wrapped copy was extractable; the one kept in memory is not.
  return unlockDataKey(userId, password, options)
}

/** Rewraps the user's data key under a new password (修改密码, or a password changed elsewhere). */
export async function rewrapDataKey(userId: string, oldPassword: string, newPassword: string, options: DataKeyOptions = {}): Promise<void> {
  const row = await readRow(userId, options)
  if (!row) return
  const key = await unwrap(row, oldPassword, true)
  await writeRow(await wrap(userId, key, newPassword, options.iterations ?? row.iterations), options)
}

/** Forgets the wrapped key (wipe): whatever this device still held for the user is unreadable. */
export async function deleteDataKey(userId: string, deps: IdbDeps = {}): Promise<void> {
  await withAppDb(deps, (db) => db.dataKeys.delete(userId))
}

async function wrap(userId: string, key: CryptoKey, password: string, iterations: number): Promise<DataKeyRow> {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const kek = await deriveWrappingKey(password, salt, iterations)
  const wrapped = new Uint8Array(await subtle().wrapKey('raw', key, kek, { name: 'AES-GCM', iv }))
  return { userId, salt, iterations, iv, wrapped }
}

async function unwrap(row: DataKeyRow, password: string, extractable: boolean): Promise<CryptoKey> {
  const kek = await deriveWrappingKey(password, row.salt, row.iterations)
  try {
    return await subtle().unwrapKey('raw', own(row.wrapped), kek, { name: 'AES-GCM', iv: own(row.iv) }, { name: 'AES-GCM', length: 256 }, extractable, ['encrypt', 'decrypt'])
  } catch (error) {
    // The GCM tag did not verify: another password wrapped this key.
    if (error instanceof Error && error.name === 'OperationError') throw new WrongPasswordError()
    throw error
  }
}

async function deriveWrappingKey(password: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const started = performance.now()
  const material = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey'])
  const key = await subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: own(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey'])
  // Read by bench:ledger, which splits the time to the first row into its parts.
  performance.measure('cunwu:pbkdf2', { start: started })
  return key
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n))
}

function readRow(userId: string, deps: IdbDeps): Promise<DataKeyRow | undefined> {
  return withAppDb(deps, (db) => db.dataKeys.get(userId))
}

function writeRow(row: DataKeyRow, deps: IdbDeps): Promise<unknown> {
  return withAppDb(deps, (db) => db.dataKeys.put(row))
}

async function withAppDb<T>(deps: IdbDeps, use: (db: ReturnType<typeof openAppDb>) => Promise<T>): Promise<T> {
  const db = openAppDb(deps)
  try {
    return await use(db)
  } finally {
    db.close()
  }
}
