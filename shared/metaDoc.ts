/**
 * Layout of the `<villageId>/meta` document. The profile is a Y.Map of plain fields so two
 * cadres editing different fields both win. Grids are a Y.Map of gridId → Y.Map {name, code}:
 * ids are made on the device (grids can be added offline) and each grid is its own map, so a
 * rename and a code change made by two people both survive the merge.
 */
import * as Y from 'yjs'
import { newId } from './ids.js'
import { compareZh } from './collate.js' // numeric: grid 2 sorts before grid 10, zero-padded or not

/** Every top-level key of the meta doc, declared here only (the index and rules modules use these). */
export const META = {
  profile: 'profile',
  grids: 'grids',
  /** meetingId → Y.Map {type, title, date, tasks} (meetingIndex.ts; tasks: minutes/taskLedger.ts) */
  meetings: 'meetings',
  /** ruleId → Y.Map of the village's own rule fields (settings/villageLayer.ts) */
  visitRules: 'visitRules',
  /** The village's own meeting cadences and deadline days, one key each (settings/villageLayer.ts) */
  settings: 'settings',
  /** 工作任务台账: progress facts of the tasks meetings set (minutes/taskLedger.ts) */
  taskProgress: 'taskProgress',
} as const

export const PROFILE_FIELDS = ['name', 'township', 'address', 'phone', 'note'] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]

export const PROFILE_LABELS: Record<ProfileField, string> = {
  name: '村名',
  township: '所属乡镇',
  address: '村委会地址',
  phone: '村委会电话',
  note: '备注',
}

export function profileMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(META.profile)
}

export type Grid = { id: string; name: string; code: string }

export function gridsMap(doc: Y.Doc): Y.Map<Y.Map<string>> {
  return doc.getMap<Y.Map<string>>(META.grids)
}

/** Every grid of the village, ordered by code (then name, then id, so the order is total). */
export function listGrids(doc: Y.Doc): Grid[] {
  const grids: Grid[] = []
  for (const [id, grid] of gridsMap(doc)) {
    if (!(grid instanceof Y.Map)) continue
    grids.push({ id, name: String(grid.get('name') ?? ''), code: String(grid.get('code') ?? '') })
  }
  return grids.sort((a, b) => compareZh(a.code, b.code) || compareZh(a.name, b.name) || compareZh(a.id, b.id))
}

/** Adds a grid in one transaction and returns its new id. */
export function addGrid(doc: Y.Doc, grid: { name: string; code: string }): string {
  const id = newId()
  doc.transact(() => {
    const map = new Y.Map<string>()
    map.set('name', grid.name)
    map.set('code', grid.code)
    gridsMap(doc).set(id, map)
  })
  return id
}

