/**
 * Records picked recently on this device, per kind (newest first, at most RECENT_MAX), so the
 * household a grid worker just visited is the first one offered next time. Ids only — no names
 * or ID numbers are kept outside the ledger docs.
 */
const RECENT_MAX = 10
const key = (kind: string) => `cunwu-recent-picks-${kind}`

export function recentPicks(kind: string): string[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key(kind)) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
  } catch (error) {
    console.warn('reading recent picks failed', error)
    return []
  }
}

export function rememberPick(kind: string, id: string): void {
  try {
    window.localStorage.setItem(key(kind), JSON.stringify([id, ...recentPicks(kind).filter((v) => v !== id)].slice(0, RECENT_MAX)))
  } catch (error) {
    console.warn('saving a recent pick failed', error)
  }
}
