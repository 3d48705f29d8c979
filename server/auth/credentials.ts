/**
 * Checks a phone and password with the same work whether or not the phone has an account: an
 * unknown or disabled phone is checked against a decoy hash made with the same scrypt
 * parameters, so the answer's timing does not tell which phones are registered (OWASP
 * Authentication Cheat Sheet, "Authentication and error messages").
 */
import { randomBytes } from 'node:crypto'
import type { AccountStore, UserRow } from '../storage/types.js'
import { hashPassword, verifyPassword } from './passwords.js'

let decoy: Promise<string> | null = null

/** A hash of a random password nobody knows, made once per process (start it early). */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'))
  return decoy
}

export type PasswordCheck = (password: string, stored: string) => Promise<boolean>

/**
 * The user the phone and password sign in (or null), and the id of the account the phone
 * belongs to, for the audit log; always exactly one password check.
 */
export async function checkCredentials(
  accounts: Pick<AccountStore, 'findUserByPhone'>,
  phone: string,
  password: string,
  verify: PasswordCheck = verifyPassword,
): Promise<{ user: UserRow | null; accountId: string | null }> {
  const user = await accounts.findUserByPhone(phone)
  const usable = user !== null && user.disabledAt === null
  const ok = await verify(password, usable ? user.passwordHash : await decoyHash())
  return { user: usable && ok ? user : null, accountId: user?.id ?? null }
}
