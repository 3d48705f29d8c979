/**
 * One key of a Y.Map as React state: re-renders only when that key changes (locally or from a
 * peer), and writes go straight into the map so they travel like any other Yjs edit.
 */
import { useCallback, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'

export function useYMapField(map: Y.Map<string> | null, key: string): [string, (value: string) => void] {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!map) return () => undefined
      const observer = (event: Y.YMapEvent<string>) => {
        if (event.keysChanged.has(key)) onChange()
      }
      map.observe(observer)
      return () => map.unobserve(observer)
    },
    [map, key],
  )
  const getSnapshot = useCallback(() => map?.get(key) ?? '', [map, key])
  const value = useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
  const setValue = useCallback(
    (next: string) => {
      if (map && map.get(key) !== next) map.set(key, next)
    },
    [map, key],
  )
  return [value, setValue]
}
