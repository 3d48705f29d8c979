/**
 * One fetch as React state, rerun when its inputs change or on reload(). A result that arrives
 * after the inputs changed is dropped, so a slow old answer never overwrites a new one.
 */
import { useCallback, useEffect, useState } from 'react'
import { errorText } from '../api/http'

export type AsyncState<T> = { data: T | null; error: string | null; loading: boolean }

export function useAsync<T>(load: (() => Promise<T>) | null): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ data: null, error: null, loading: load !== null })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (!load) return
    let cancelled = false
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => {
        if (!cancelled) setState({ data, error: null, loading: false })
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, error: errorText(error), loading: false }))
      },
    )
    return () => {
      cancelled = true
    }
  }, [load, tick])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  return { ...state, reload }
}
