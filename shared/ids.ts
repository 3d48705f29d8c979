/**
 * Ids are made on the client (offline creation must work) and are URL-safe: 1–64 characters of
 * [A-Za-z0-9_-]. newId() gives 128 random bits in base64url (22 characters).
 */
import * as z from 'zod'

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
export const idSchema = z.string().regex(ID_PATTERN, 'id must be 1–64 characters of A–Z a–z 0–9 _ -')

export function newId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
