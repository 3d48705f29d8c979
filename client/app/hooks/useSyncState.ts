/**
 * Adapts the sync engine's state to React. The engine owns the state and hands out a new
 * snapshot object only when something visible changed, which is what useSyncExternalStore needs.
 */
import { useCallback, useSyncExternalStore } from 'react'
import { INITIAL_SYNC_STATE, type SyncEngine, type SyncState } from '../../sync/engine'

export type { SyncState } from '../../sync/engine'

/** What the shell shows before an engine exists (signing in, between sessions). */
const NO_ENGINE: SyncState = INITIAL_SYNC_STATE

export function useSyncState(engine: SyncEngine | null): SyncState {
  const subscribe = useCallback((onChange: () => void) => (engine ? engine.subscribe(onChange) : () => undefined), [engine])
  const getSnapshot = useCallback(() => (engine ? engine.getState() : NO_ENGINE), [engine])
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
