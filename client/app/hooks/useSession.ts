/**
 * The signed-in session as React state. Storage, the login call and the data key belong to the
 * sync layer (client/sync/session.ts, unlock.ts); this hook only exposes them. The cached session
 * is read once on start, so a reload opens the app without a network, but locked: the password
 * unwraps the data key again before any stored doc can be read.
 */
import { useCallback, useEffect, useState } from 'react'
import { deviceId } from '../../sync/deviceId'
import { unlockOrCreateDataKey } from '../../sync/dataKey'
import { clearSession, loadCachedSession, saveSession, type Session } from '../../sync/session'
import { signInAndUnlock, unlock as unlockLocked, type Locked } from '../../sync/unlock'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'locked'; locked: Locked }
  | { status: 'signedIn'; session: Session; dataKey: CryptoKey }

export function useSession(baseUrl: string) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  useEffect(() => {
    let cancelled = false
    // Read while the unlock screen waits for the password; the unlock and the workspace need it.
    deviceId().catch((error: unknown) => console.warn('reading the device id failed', error))
    Promise.resolve(loadCachedSession()).then(
      (cached) => {
        if (!cancelled) setState(cached ? { status: 'locked', locked: { session: cached, reason: 'reload' } } : { status: 'signedOut' })
      },
      (error: unknown) => {
        console.error('reading the cached session failed', error)
        if (!cancelled) setState({ status: 'signedOut' })
      },
    )
    return () => {
      cancelled = true
    }
  }, [])

  const signIn = useCallback(
    async (phone: string, password: string) => {
      const result = await signInAndUnlock(baseUrl, phone, password, { device: await deviceId() })
      setState('dataKey' in result ? { status: 'signedIn', ...result } : { status: 'locked', locked: result })
      return result.session
    },
    [baseUrl],
  )

  /** Unlocks the cached session with the password (works offline once the device holds a key). */
  const unlock = useCallback(
    async (password: string) => {
      if (state.status !== 'locked') return
      const result = await unlockLocked(state.locked, password, { device: await deviceId() })
      setState({ status: 'signedIn', ...result })
    },
    [state],
  )

  /** Adopts a session obtained another way (first-run setup answers like a login, with the password). */
  const adopt = useCallback(async (session: Session, password: string) => {
    await saveSession(session)
    const dataKey = await unlockOrCreateDataKey(session.user.id, password)
    setState({ status: 'signedIn', session, dataKey })
  }, [])

  const signOut = useCallback(async () => {
    await clearSession()
    setState({ status: 'signedOut' })
  }, [])

  return { state, signIn, unlock, adopt, signOut }
}
