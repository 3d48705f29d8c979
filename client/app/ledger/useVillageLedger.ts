/**
 * Opens every grid doc of the village this user may open — the ledger of each permitted grid,
 * and its sensitive doc where they hold that grant — and keeps a LedgerIndex over them. Grids
 * come from the meta doc, so a grid added by someone else appears (and opens) on its own.
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import type { Access } from '../../../shared/access'
import { docName } from '../../../shared/docNames'
import { addGrid, type Grid } from '../../../shared/metaDoc'
import type { DocHandle } from '../../sync/engine'
import { gridsView } from '../../workspace/views'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useOptionalStore, useStore } from '../hooks/useStore'
import { LedgerIndex } from '../../workspace/ledgerIndex'

const NO_GRIDS: Grid[] = []

export type LedgerGrid = Grid & { ledger: Access; sensitive: Access }

export type VillageLedger = {
  meta: Y.Doc | null
  /** The grids this member may open. */
  grids: LedgerGrid[]
  /** Every grid of the village (its meta doc): where a grid worker may ask to hand a record. */
  villageGrids: readonly Grid[]
  index: LedgerIndex
  version: number
  /** gridId → open ledger doc. */
  ledgerDocs: ReadonlyMap<string, Y.Doc>
  sensitiveDocs: ReadonlyMap<string, Y.Doc>
  /** Docs still opening. */
  opening: number
  errors: string[]
  addGrid(grid: { name: string; code: string }): string | null
}

export function useVillageLedger({ workspace, engine, villageId }: Pick<SectionProps, 'workspace' | 'engine' | 'villageId'>): VillageLedger {
  const metaState = useDoc(engine, docName({ kind: 'meta', villageId }))
  const meta = metaState.status === 'ready' ? metaState.handle.doc : null
  const allGrids = useOptionalStore(meta ? gridsView(meta) : null, NO_GRIDS)
  const access = useStore(workspace.access)
  const grids = useMemo(
    () =>
      allGrids
        .map((grid) => ({
          ...grid,
          ledger: access.rule(docName({ kind: 'ledger', villageId, gridId: grid.id })),
          sensitive: access.rule(docName({ kind: 'sensitive', villageId, gridId: grid.id })),
        }))
        .filter((grid) => grid.ledger !== 'none'),
    [allGrids, access, villageId],
  )
  const index = useMemo(() => new LedgerIndex(), [])
  useEffect(() => () => index.destroy(), [index])
  const [docs, setDocs] = useState<{ ledger: Map<string, Y.Doc>; sensitive: Map<string, Y.Doc>; opening: number; errors: string[] }>({
    ledger: new Map(),
    sensitive: new Map(),
    opening: 0,
    errors: [],
  })

  // Every ledger doc before any sensitive one: the tables wait for all ledger docs, and the docs are
  // read from IndexedDB in the order asked.
  const wanted = useMemo(
    () => [...grids.map((grid) => ({ kind: 'ledger' as const, gridId: grid.id })), ...grids.filter((grid) => grid.sensitive !== 'none').map((grid) => ({ kind: 'sensitive' as const, gridId: grid.id }))],
    [grids],
  )
  const wantedKey = wanted.map((w) => `${w.kind}/${w.gridId}`).join(',')

  useEffect(() => {
    let cancelled = false
    const handles: DocHandle[] = []
    setDocs((d) => ({ ...d, opening: wanted.length, errors: [] }))
    for (const want of wanted) {
      const name = docName({ kind: want.kind, villageId, gridId: want.gridId })
      engine.openDoc(name).then(
        (handle) => {
          if (cancelled) return handle.release()
          handles.push(handle)
          index.attach(name, want.gridId, want.kind, handle.doc)
          setDocs((d) => {
            const next = { ...d, opening: d.opening - 1, [want.kind]: new Map(d[want.kind]).set(want.gridId, handle.doc) }
            return next
          })
        },
        (error: unknown) => {
          console.error(`opening ${name} failed`, error)
          if (!cancelled) setDocs((d) => ({ ...d, opening: d.opening - 1, errors: [...d.errors, `打开${want.kind === 'ledger' ? '台账' : '敏感信息'}失败`] }))
        },
      )
    }
    return () => {
      cancelled = true
      for (const handle of handles) {
        index.detach(handle.name)
        handle.release()
      }
      setDocs({ ledger: new Map(), sensitive: new Map(), opening: 0, errors: [] })
    }
    // wantedKey stands for `wanted`: reopen only when the set of docs changes, not on every render.
  }, [engine, villageId, index, wantedKey])

  const version = useStore(index)
  const add = (grid: { name: string; code: string }) => (meta ? addGrid(meta, grid) : null)

  return { meta, grids, villageGrids: allGrids, index, version, ledgerDocs: docs.ledger, sensitiveDocs: docs.sensitive, opening: docs.opening, errors: docs.errors, addGrid: add }
}
