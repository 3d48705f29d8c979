/**
 * Which columns a desktop table shows, chosen per user and per record kind and remembered on the
 * device (localStorage; column keys only). A stored choice is untrusted: unknown keys are
 * dropped, and an empty or unreadable one falls back to the kind's default columns.
 */
import { useCallback, useState } from 'react'

const key = (userId: string, kind: string) => `cunwu-columns-${userId}-${kind}`

function load(userId: string, kind: string, allowed: readonly string[]): string[] | null {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key(userId, kind)) ?? 'null')
    if (!Array.isArray(parsed)) return null
    const kept = parsed.filter((c): c is string => typeof c === 'string' && allowed.includes(c))
    return kept.length > 0 ? kept : null
  } catch (error) {
    console.warn('reading the column choice failed', error)
    return null
  }
}

export function useColumnChoice(userId: string, kind: string, allowed: readonly string[], defaults: readonly string[]): [string[], (columns: string[] | null) => void] {
  const [chosen, setChosen] = useState<string[] | null>(() => load(userId, kind, allowed))
  const choose = useCallback(
    (columns: string[] | null) => {
      setChosen(columns)
      try {
        if (columns) window.localStorage.setItem(key(userId, kind), JSON.stringify(columns))
        else window.localStorage.removeItem(key(userId, kind))
      } catch (error) {
        console.warn('saving the column choice failed', error)
      }
    },
    [userId, kind],
  )
  // Keep the order the kind gives its fields, whatever order they were ticked in.
  return [chosen ? allowed.filter((c) => chosen.includes(c)) : [...defaults], choose]
}
