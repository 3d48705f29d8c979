/**
 * The one adapter from a workspace store (client/workspace/store.ts) to React: the engine's
 * state, the outbox, the caches, the access service and every live view of a doc are read this
 * way. A store hands out a new snapshot only when something visible changed.
 */
import { useSyncExternalStore } from 'react'
import type { Store } from '../../workspace/store'

const NO_STORE: Store<null> = { subscribe: () => () => undefined, getSnapshot: () => null }

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
}

/** A store that may not exist yet (its doc still opening): `empty` until it does. */
export function useOptionalStore<T>(store: Store<T> | null, empty: T): T {
  const value = useStore<T | null>(store ?? NO_STORE)
  return store ? (value as T) : empty
}
