/**
 * Which unsaved changes can no longer reach the relay: docs the relay now refuses (forbidden)
 * that still have pending changes in this user's IndexedDB. Derived from the engine's state.
 */
import type { SyncState } from './hooks/useSyncState'
import { docLabel } from './labels'

export type StrandedDoc = { name: string; label: string; count: number }

export function strandedDocs(state: Pick<SyncState, 'issues' | 'perDoc'>): StrandedDoc[] {
  return Object.entries(state.issues)
    .filter(([name, issue]) => issue.kind === 'forbidden' && (state.perDoc[name] ?? 0) > 0)
    .map(([name]) => ({ name, label: docLabel(name), count: state.perDoc[name] ?? 0 }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
}
