/**
 * Sessions are random 256-bit bearer tokens. Only their SHA-256 is stored, so a copy of the
 * database does not hand out working tokens; they expire and can be revoked.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { AccountStore, UserRow } from '../storage/types.js'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export async function issueSession(accounts: AccountStore, userId: string, ttlMs: number, now = new Date()) {
  const token = newToken()
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString()
  await accounts.createSession({ tokenHash: hashToken(token), userId, createdAt: now.toISOString(), expiresAt, revokedAt: null })
  return { token, expiresAt }
}

/** The user behind a token, or null when the token is unknown, expired or revoked. */
export async function userForToken(accounts: AccountStore, token: string, now = new Date()): Promise<UserRow | null> {
  return (await sessionForToken(accounts, token, now))?.user ?? null
}

/** The user and the session's expiry (ms), or null when the token is unknown, expired or revoked. */
export async function sessionForToken(accounts: AccountStore, token: string, now = new Date()): Promise<{ user: UserRow; expiresAt: number } | null> {
  const session = await accounts.findSession(hashToken(token))
  const expiresAt = session ? new Date(session.expiresAt).getTime() : 0
  if (!session || session.revokedAt || expiresAt <= now.getTime()) return null
  const user = await accounts.findUserById(session.userId)
  return user && !user.disabledAt ? { user, expiresAt } : null
}
