/** A village's grids from its meta doc, live (a grid added elsewhere appears here). */
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { addGrid, gridsMap, listGrids, type Grid } from '../../../shared/metaDoc'

const NONE: Grid[] = []

export function useGrids(doc: Y.Doc | null): { grids: Grid[]; add(grid: { name: string; code: string }): string | null } {
  const snapshot = useMemo(() => {
    let cached: Grid[] | null = null
    return {
      subscribe(onChange: () => void) {
        if (!doc) return () => undefined
        const map = gridsMap(doc)
        const observer = () => {
          cached = null
          onChange()
        }
        map.observeDeep(observer)
        return () => map.unobserveDeep(observer)
      },
      get: () => (doc ? (cached ??= listGrids(doc)) : NONE),
    }
  }, [doc])
  const grids = useSyncExternalStore(snapshot.subscribe, snapshot.get, snapshot.get)
  const add = useCallback((grid: { name: string; code: string }) => (doc ? addGrid(doc, grid) : null), [doc])
  return { grids, add }
}
