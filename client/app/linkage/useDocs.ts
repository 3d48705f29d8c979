/**
 * Opens a set of documents through the engine while mounted (useDoc for many): the village's
 * 联网联户 view reads every linkage doc and every grid ledger at once. Re-renders on any change of
 * any of them, so a contact synced from a phone shows at once. Names that fail to open are left out.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { DocHandle, DocOpener } from '../hooks/useDoc'

export function useDocs<H extends DocHandle>(engine: DocOpener<H>, names: readonly string[]): { docs: ReadonlyMap<string, Y.Doc>; loading: boolean; version: number } {
  const key = [...names].sort().join('\n')
  const [state, setState] = useState<{ key: string; docs: Map<string, Y.Doc> }>({ key: '', docs: new Map() })
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let cancelled = false
    const handles: H[] = []
    const bump = () => setVersion((v) => v + 1)
    const wanted = key === '' ? [] : key.split('\n')
    Promise.allSettled(wanted.map((name) => engine.openDoc(name))).then((results) => {
      for (const r of results) if (r.status === 'fulfilled') handles.push(r.value)
      if (cancelled) {
        for (const h of handles) h.release()
        return
      }
      for (const h of handles) h.doc.on('update', bump)
      for (const r of results) if (r.status === 'rejected') console.error('opening a linkage view doc failed', r.reason)
      setState({ key, docs: new Map(handles.map((h) => [h.name, h.doc])) })
    })
    return () => {
      cancelled = true
      for (const h of handles) {
        h.doc.off('update', bump)
        h.release()
      }
    }
  }, [engine, key])

  return { docs: state.key === key ? state.docs : new Map(), loading: state.key !== key, version }
}
