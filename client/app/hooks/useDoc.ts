/**
 * Opens one document through the engine for as long as the calling component is mounted, and
 * releases it on unmount or when the name changes. The engine decides how (IndexedDB first,
 * then the relay); this hook only ties that handle's lifetime to the component's.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

export type DocHandle = { name: string; doc: Y.Doc; release(): void }

export type DocOpener<H extends DocHandle> = { openDoc(name: string): Promise<H> }

export type DocState<H> =
  | { status: 'loading' }
  | { status: 'ready'; handle: H }
  | { status: 'error'; message: string }

export function useDoc<H extends DocHandle>(engine: DocOpener<H> | null, name: string | null): DocState<H> {
  const [state, setState] = useState<{ key: string; value: DocState<H> } | null>(null)
  const key = engine && name ? name : null

  useEffect(() => {
    if (!engine || !name) return
    let cancelled = false
    let handle: H | null = null
    engine.openDoc(name).then(
      (opened) => {
        if (cancelled) {
          opened.release()
          return
        }
        handle = opened
        setState({ key: name, value: { status: 'ready', handle: opened } })
      },
      (error: unknown) => {
        console.error(`opening ${name} failed`, error)
        if (!cancelled) setState({ key: name, value: { status: 'error', message: errorMessage(error) } })
      },
    )
    return () => {
      cancelled = true
      handle?.release()
    }
  }, [engine, name])

  // A state left over from the previous name must not show the previous doc.
  if (!key || !state || state.key !== key) return { status: 'loading' }
  return state.value
}

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : '打开文档失败'
}
