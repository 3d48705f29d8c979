/** Re-renders the caller whenever the doc changes (a local edit or a merged update). */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

export function useDocVersion(doc: Y.Doc | null): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    if (!doc) return
    const onUpdate = () => setVersion((v) => v + 1)
    doc.on('update', onUpdate)
    return () => doc.off('update', onUpdate)
  }, [doc])
  return version
}
