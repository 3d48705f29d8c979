/** The sync engine's state, or the initial state before a workspace exists (signing in, between sessions). */
import { INITIAL_SYNC_STATE, type SyncState } from '../../sync/engine'
import type { Workspace } from '../../workspace/workspace'
import { useOptionalStore } from './useStore'

export type { SyncState } from '../../sync/engine'

export function useSyncState(workspace: Workspace | null): SyncState {
  return useOptionalStore(workspace?.engine ?? null, INITIAL_SYNC_STATE)
}
