/**
 * React.lazy for code that is usually loaded ahead. A lazy component suspends on its first render
 * even when its module has long been loaded: the fallback commits, and the component renders only
 * after React retries, behind whatever else is scheduled. Opening the ledger after the unlock,
 * that was 40–50 ms before the first row (issue #21). Once `preload` (or an earlier render) has
 * loaded the module, this renders the component directly; a mounted instance keeps the type it
 * started with, so it is never remounted when the module arrives.
 */
import { lazy, useState, type ComponentType } from 'react'

export type PreloadableLazy<P extends object> = { Component: ComponentType<P>; preload(): Promise<unknown> }

export function preloadableLazy<P extends object>(load: () => Promise<ComponentType<P>>): PreloadableLazy<P> {
  let loaded: ComponentType<P> | null = null
  let loading: Promise<ComponentType<P>> | null = null
  const preload = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null
        throw error
      },
    )
    return loading
  }
  const Lazy = lazy(() => preload().then((component) => ({ default: component })))
  function Preloadable(props: P) {
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Lazy)
    return <Chosen {...props} />
  }
  return { Component: Preloadable, preload }
}
