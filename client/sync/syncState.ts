/**
 * What the engine shows: one immutable snapshot, replaced only when something visible changed
 * (sameState), which is what React's useSyncExternalStore needs.
 */
import type { DocIssue } from './connection'
import type { SyncSummary } from './syncRunner'

export type SyncState = {
  online: boolean
  unsaved: number
  perDoc: Record<string, number>
  authLost: boolean
  /** Per-doc problems (read-only, forbidden, protocol error); absent when fine. */
  issues: Record<string, DocIssue>
  /** When background sync last completed (ms since epoch), and what it did. */
  lastSyncedAt: number | null
  lastSync: SyncSummary | null
  /** Why the latest background sync failed (usually offline); null after a good one. */
  lastSyncError: string | null
  syncing: boolean
}

export const INITIAL_SYNC_STATE: SyncState = {
  online: false,
  unsaved: 0,
  perDoc: {},
  authLost: false,
  issues: {},
  lastSyncedAt: null,
  lastSync: null,
  lastSyncError: null,
  syncing: false,
}

export function sameState(a: SyncState, b: SyncState): boolean {
  return (
    a.online === b.online &&
    a.unsaved === b.unsaved &&
    a.authLost === b.authLost &&
    a.syncing === b.syncing &&
    a.lastSyncedAt === b.lastSyncedAt &&
    a.lastSync === b.lastSync &&
    a.lastSyncError === b.lastSyncError &&
    sameRecord(a.perDoc, b.perDoc) &&
    sameRecord(a.issues, b.issues)
  )
}

function sameRecord<T>(a: Record<string, T>, b: Record<string, T>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}
