/**
 * A value the relay owns, kept in the user's IndexedDB for offline use (CachedValue), for one
 * screen or hook: made when `key` or `deps` change, started on mount (the cached copy at once,
 * then the relay), closed when replaced or unmounted, read through useStore; `reload` asks the
 * relay again (after a change the screen made).
 */
import { useEffect, useMemo, type DependencyList } from 'react'
import type * as z from 'zod'
import { CachedValue, type CachedState, type CachedValueOptions } from '../../workspace/cachedValue'
import type { Workspace } from '../../workspace/workspace'
import { useStore } from './useStore'

export function useCachedValue<S extends z.ZodType>(workspace: Workspace, options: Omit<CachedValueOptions<S>, 'db'>, deps: DependencyList): CachedState<z.infer<S>> & { reload(): Promise<void> } {
  // `deps` stand for what `options.fetch` reads, as with useMemo; the key is always one of them.
  const cache = useMemo(() => new CachedValue({ ...options, db: workspace.engine.db }), [workspace, options.key, ...deps])
  useEffect(() => {
    cache.start().catch((error: unknown) => console.error(`loading ${options.key} failed`, error))
    return () => cache.close()
  }, [cache, options.key])
  return { ...useStore(cache), reload: () => cache.reload() }
}
