/**
 * The 同步详情 table: one row per doc this device holds, derived from the engine's state, the
 * names of the docs stored locally, the village names known to this device and the grid and
 * meeting names in those villages' meta docs (the raw id only where no name is known).
 */
import { parseDocName, type DocRef } from '../../shared/docNames'
import type { DocTitles } from '../workspace/docTitles'
import type { SyncState } from './hooks/useSyncState'
import { DOC_KIND_LABELS } from './labels'

export type DocResult = 'forbidden' | 'pushed' | 'pulled' | 'exchanged' | 'unchanged' | 'never'

export const DOC_RESULT_LABELS: Record<DocResult, string> = {
  forbidden: '无权访问，更改仅保存在本机',
  pushed: '已上传本机更改',
  pulled: '已获取新内容',
  exchanged: '已同步',
  unchanged: '无变化',
  never: '尚未同步',
}

export type DocSyncRow = { name: string; village: string; label: string; unsaved: number; result: DocResult }

type Facts = Pick<SyncState, 'perDoc' | 'issues' | 'lastSync' | 'lastSyncedAt'>

const NO_TITLES: DocTitles = { grids: new Map(), meetings: new Map() }

export function docSyncRows(names: readonly string[], state: Facts, villageNames: ReadonlyMap<string, string>, titles: DocTitles = NO_TITLES): DocSyncRow[] {
  const all = new Set([...names, ...Object.keys(state.perDoc)])
  return [...all].sort().map((name) => {
    const ref = parseDocName(name)
    return {
      name,
      village: ref ? (villageNames.get(ref.villageId) ?? ref.villageId) : '',
      label: ref ? refLabel(ref, titles) : name,
      unsaved: state.perDoc[name] ?? 0,
      result: docResult(name, state),
    }
  })
}

/** What people call one doc: its village and what it holds (修改记录's title), never a raw id where a name is known. */
export function docTitle(name: string, villageNames: ReadonlyMap<string, string>, titles: DocTitles = NO_TITLES): string {
  const ref = parseDocName(name)
  if (!ref) return name
  return `${villageNames.get(ref.villageId) ?? '本村'} · ${refLabel(ref, titles)}`
}

function refLabel(ref: DocRef, titles: DocTitles): string {
  const kind = DOC_KIND_LABELS[ref.kind]
  switch (ref.kind) {
    case 'meta':
    case 'decisions':
    case 'liulian':
      return kind
    case 'ledger':
    case 'sensitive':
      return `${kind}（${titles.grids.get(`${ref.villageId}/${ref.gridId}`) ?? `网格 ${ref.gridId}`}）`
    case 'minutes':
      return `${kind}（${titles.meetings.get(`${ref.villageId}/${ref.meetingId}`) ?? ref.meetingId}）`
    case 'linkage':
      return kind
  }
}

function docResult(name: string, state: Facts): DocResult {
  const { lastSync } = state
  if (state.issues[name]?.kind === 'forbidden' || lastSync?.forbidden.includes(name)) return 'forbidden'
  if (!lastSync) return 'never'
  if (lastSync.pushed.includes(name)) return 'pushed'
  if (lastSync.pulled.includes(name)) return 'pulled'
  // Open docs sync over their socket and are not in a background run's lists.
  if (lastSync.exchanged.includes(name)) return 'exchanged'
  return 'unchanged'
}
