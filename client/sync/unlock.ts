/**
 * Sign-in and unlock: a session is usable only with the user's data key in memory (dataKey.ts).
 *
 * Rules:
 * - Online sign-in: the relay checks the password, then the same password unwraps (or, on this
 *   device's first sign-in, creates) the data key.
 * - A reload, or an app opened with no network, finds the cached session but no key: it stays
 *   locked until the password is typed again, which unwraps the key on the device (offline works).
 * - A device that has no wrapped key for a cached session (it ran an earlier release) cannot check
 *   a password by itself: the relay checks it once, then the key is created.
 * - The relay accepted the password but the stored key does not open with it: the password was
 *   changed on another device. The previous password unlocks, and the key is rewrapped with the
 *   new one.
 */
import { queueRevocation } from './deviceSettings'
import { rewrapDataKey, unlockOrCreateDataKey, unlockStoredDataKey, WrongPasswordError, type DataKeyOptions } from './dataKey'
import { login, LoginError, NETWORK_MESSAGE, saveSession, type Session } from './session'

export type Unlocked = { session: Session; dataKey: CryptoKey }

/** Locked, with the reason the unlock screen explains. */
export type Locked = { session: Session; reason: 'reload' | 'passwordChanged'; newPassword?: string }

export const FIRST_UNLOCK_OFFLINE_MESSAGE = '这台设备第一次加密本机数据，需要联网核对密码，请连接网络后再试'

export type UnlockDeps = DataKeyOptions & { fetchImpl?: typeof fetch; device?: string }

/** Online sign-in; the session is saved either way, and is returned locked if the key is stale. */
export async function signInAndUnlock(baseUrl: string, phone: string, password: string, deps: UnlockDeps = {}): Promise<Unlocked | Locked> {
  const session = await login(baseUrl, phone, password, deps.fetchImpl ?? globalThis.fetch, deps.device)
  await saveSession(session, deps)
  try {
    return { session, dataKey: await unlockOrCreateDataKey(session.user.id, password, deps) }
  } catch (error) {
    if (error instanceof WrongPasswordError) return { session, reason: 'passwordChanged', newPassword: password }
    throw error
  }
}

/** Unlocks a locked session with the password typed on the unlock screen. */
export async function unlock(locked: Locked, password: string, deps: UnlockDeps = {}): Promise<Unlocked> {
  const { session } = locked
  const userId = session.user.id
  // One read of the wrapped key: the unlock's first step on every reload (issue #21).
  const dataKey = await unlockStoredDataKey(userId, password, deps)
  if (dataKey) {
    if (locked.newPassword) await rewrapDataKey(userId, password, locked.newPassword, deps)
    return { session, dataKey }
  }
  try {
    const result = await signInAndUnlock(session.baseUrl, session.user.phone, password, deps)
    // The new sign-in replaced the cached token: the old one is revoked on the next connection.
    await queueRevocation(session.baseUrl, session.token, deps)
    if ('dataKey' in result) return result
    throw new WrongPasswordError()
  } catch (error) {
    if (error instanceof LoginError && error.message === NETWORK_MESSAGE) throw new LoginError(FIRST_UNLOCK_OFFLINE_MESSAGE, 0, undefined, { cause: error })
    throw error
  }
}
