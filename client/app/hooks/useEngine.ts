/**
 * Ties one SyncEngine's lifetime to a session: a new engine when the token changes (sign-in,
 * re-sign-in after expiry), destroyed when the session ends. Local data lives in IndexedDB, not
 * in the engine object, so replacing the engine keeps every unsaved change.
 */
import { useEffect, useState } from 'react'
import { SyncEngine } from '../../sync/engine'
import type { Session } from '../../sync/session'
import { requestPersistence } from '../../sync/storageHealth'

export function useEngine(baseUrl: string, session: Session | null): SyncEngine | null {
  const [engine, setEngine] = useState<SyncEngine | null>(null)
  useEffect(() => {
    if (!session) return
    const created = new SyncEngine({ baseUrl, session, syncPending: true })
    setEngine(created)
    // Unsaved changes live only in IndexedDB: ask the browser not to evict it under pressure.
    // The answer is shown on 同步详情; a refusal is not an error.
    requestPersistence(globalThis.navigator?.storage).catch((error: unknown) => console.warn('asking for persistent storage failed', error))
    return () => {
      setEngine(null)
      created.destroy().catch((error: unknown) => console.error('closing the sync engine failed', error))
    }
  }, [baseUrl, session])
  return engine
}
