/**
 * A village's remembered column choices for the import (issue #12 item 1): header (normalised) →
 * target id or 'skip', in the meta doc's `importMappings` Y.Map, so every device and the
 * command-line import read the same choices, and two cadres mapping different columns both win.
 */
import type * as Y from 'yjs'
import type { SavedMappings } from './importColumns.js'

export function importMappingsMap(meta: Y.Doc): Y.Map<string> {
  return meta.getMap<string>('importMappings')
}

export function savedMappings(meta: Y.Doc | null): SavedMappings {
  if (!meta) return {}
  const out: Record<string, string> = {}
  for (const [key, value] of importMappingsMap(meta)) if (typeof value === 'string') out[key] = value
  return out
}

export function rememberMappings(meta: Y.Doc, choices: SavedMappings): void {
  const map = importMappingsMap(meta)
  meta.transact(() => {
    for (const [key, value] of Object.entries(choices)) if (map.get(key) !== value) map.set(key, value)
  })
}
