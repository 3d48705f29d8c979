/**
 * The signed-in session as React state. Storage and the login call belong to the sync layer
 * (client/sync/session.ts); this hook only exposes them: the cached session is read once on
 * start, so a reload opens the app directly, with or without a network.
 */
import { useCallback, useEffect, useState } from 'react'
import { deviceId } from '../../sync/deviceId'
import { clearSession, loadCachedSession, login, saveSession, type Session } from '../../sync/session'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; session: Session }

export function useSession(baseUrl: string) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  useEffect(() => {
    let cancelled = false
    Promise.resolve(loadCachedSession()).then(
      (cached) => {
        if (!cancelled) setState(cached ? { status: 'signedIn', session: cached } : { status: 'signedOut' })
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
      const session = await login(baseUrl, phone, password, globalThis.fetch, await deviceId())
      await saveSession(session)
      setState({ status: 'signedIn', session })
      return session
    },
    [baseUrl],
  )

  /** Adopts a session obtained another way (first-run setup answers like a login). */
  const adopt = useCallback(async (session: Session) => {
    await saveSession(session)
    setState({ status: 'signedIn', session })
  }, [])

  const signOut = useCallback(async () => {
    await clearSession()
    setState({ status: 'signedOut' })
  }, [])

  return { state, signIn, adopt, signOut }
}
