/** The docs this device holds for the user, reread whenever a sync or a save may have added one. */
import { useMemo } from 'react'
import type { SyncEngine } from '../../sync/engine'
import { useAsync } from './useAsync'

/** `changed` only triggers a reread (e.g. the last sync time and the unsaved count). */
export function useLocalDocs(engine: SyncEngine | null, changed: string): string[] {
  const load = useMemo(() => (engine ? () => engine.localDocNames().then((names) => ({ names, changed })) : null), [engine, changed])
  return useAsync(load).data?.names ?? []
}
