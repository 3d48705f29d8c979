/**
 * A value derived from a Y type, as React state: recomputed (lazily) after any deep change of
 * that type, locally or from a peer. The derivation is pure, so it may run any time.
 */
import { useMemo, useSyncExternalStore } from 'react'
/** Any Y type (a Y.Map of any value type fits). */
export type DeepObservable = { observeDeep(f: () => void): void; unobserveDeep(f: () => void): void }

export function useYSnapshot<T>(type: DeepObservable | null, derive: () => T, empty: T): T {
  const store = useMemo(() => {
    let cached: { value: T } | null = null
    return {
      subscribe(onChange: () => void) {
        if (!type) return () => undefined
        const observer = () => {
          cached = null
          onChange()
        }
        type.observeDeep(observer)
        return () => type.unobserveDeep(observer)
      },
      get: () => (type ? (cached ??= { value: derive() }).value : empty),
    }
    // derive reads the same type: a new store per type is what matters, not per render.
  }, [type])
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}
