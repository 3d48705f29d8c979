/** The village's 四议两公开 records as link suggestions (id → title), kept current while the meeting is open. */
import { useEffect, useState } from 'react'
import { docName } from '../../../shared/docNames'
import { decisionsMap, listDecisions } from '../../../shared/decisions/decisionsDoc'
import type { SyncEngine } from '../../sync/engine'
import { useDoc } from '../hooks/useDoc'
import type { Suggestion } from './RowList'

export function useDecisionOptions(engine: SyncEngine, villageId: string, allowed: boolean): Suggestion[] {
  const state = useDoc(engine, allowed ? docName({ kind: 'decisions', villageId }) : null)
  const doc = state.status === 'ready' ? state.handle.doc : null
  const [options, setOptions] = useState<Suggestion[]>([])
  useEffect(() => {
    if (!doc) return
    const map = decisionsMap(doc)
    const refresh = () => setOptions(listDecisions(doc).map(({ record }) => ({ value: record.id, label: record.title })))
    refresh()
    map.observeDeep(refresh)
    return () => map.unobserveDeep(refresh)
  }, [doc])
  return options
}
