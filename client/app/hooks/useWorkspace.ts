/**
 * Ties one Workspace's lifetime to a session: a new workspace when the token changes (sign-in,
 * re-sign-in after expiry), destroyed when the session ends. Local data lives in IndexedDB, not
 * in the workspace object, so replacing it keeps every unsaved change and queued act.
 */
import { useEffect, useState } from 'react'
import { deviceId } from '../../sync/deviceId'
import type { Session } from '../../sync/session'
import { requestPersistence } from '../../sync/storageHealth'
import { Workspace } from '../../workspace/workspace'
import type { ApiContext } from '../api/http'

/** `dataKey` comes with the session (useSession): the workspace seals what it stores with it. */
export function useWorkspace(api: ApiContext, session: Session | null, dataKey: CryptoKey | null): Workspace | null {
  const [workspace, setWorkspace] = useState<Workspace | null>(null)
  useEffect(() => {
    if (!session || !dataKey) return
    let created: Workspace | null = null
    let cancelled = false
    // The device id names this device in the relay's history; without it the workspace still works.
    const device = deviceId().catch((error: unknown) => (console.warn('reading the device id failed', error), undefined))
    void device.then((id) => {
      if (cancelled) return
      created = new Workspace({ baseUrl: api.baseUrl, session, dataKey, api, syncPending: true, legacyStorage: globalThis.localStorage ?? null, ...(id ? { device: id } : {}) })
      setWorkspace(created)
    })
    // Unsaved changes live only in IndexedDB: ask the browser not to evict it under pressure.
    // The answer is shown on 同步详情; a refusal is not an error.
    requestPersistence(globalThis.navigator?.storage).catch((error: unknown) => console.warn('asking for persistent storage failed', error))
    return () => {
      cancelled = true
      setWorkspace(null)
      created?.destroy().catch((error: unknown) => console.error('closing the workspace failed', error))
    }
    // The api object changes only with the token, i.e. with the session.
  }, [api, session, dataKey])
  return workspace
}
