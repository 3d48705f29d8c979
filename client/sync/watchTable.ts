/**
 * Calls back (once per microtask burst) whenever Dexie reports a write to one table of a db,
 * from this tab or, through Dexie's BroadcastChannel, another. Dexie's liveQuery is not used
 * because it only runs where a global indexedDB exists, which an injected one (tests) is not.
 * Returns the unsubscribe.
 */
import Dexie, { type ObservabilitySet } from 'dexie'

export function watchTable(db: Dexie, table: string, onChange: () => void): () => void {
  const prefix = `idb://${db.name}/${table}/`
  let queued = false
  const onMutated = (parts: ObservabilitySet) => {
    if (queued || !Object.keys(parts).some((part) => part.startsWith(prefix))) return
    queued = true
    queueMicrotask(() => {
      queued = false
      onChange()
    })
  }
  Dexie.on('storagemutated', onMutated)
  return () => Dexie.on.storagemutated.unsubscribe(onMutated)
}
