/**
 * The villages this user can see, fetched from the relay. The last good list is kept in
 * localStorage so the list still shows when the app is opened offline.
 */
import { useCallback, useEffect, useState } from 'react'
import { villageListSchema, type Village } from '../../../shared/api/villages'
import type { ApiContext } from '../api/http'
import { createVillage, fetchVillages } from '../api/villages'

const CACHE_KEY = 'cunwu.villages'

export type VillagesState = { villages: Village[] | null; error: string | null; loading: boolean }

export function useVillages(api: ApiContext, userId: string) {
  const [state, setState] = useState<VillagesState>(() => ({ villages: readCache(userId), error: null, loading: true }))

  const reload = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }))
    try {
      const villages = await fetchVillages(api)
      writeCache(userId, villages)
      setState({ villages, error: null, loading: false })
    } catch (error) {
      setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error), loading: false }))
    }
  }, [api, userId])

  useEffect(() => {
    void reload()
  }, [reload])

  const create = useCallback(
    async (name: string) => {
      const village = await createVillage(api, name)
      setState((s) => {
        const villages = [...(s.villages ?? []), village]
        writeCache(userId, villages)
        return { ...s, villages }
      })
      return village
    },
    [api, userId],
  )

  return { ...state, reload, create }
}

/** Forgets the cached list (sign-out with 清除本机数据). */
export function clearVillageCache(userId: string): void {
  window.localStorage.removeItem(`${CACHE_KEY}.${userId}`)
}

function readCache(userId: string): Village[] | null {
  const raw = window.localStorage.getItem(`${CACHE_KEY}.${userId}`)
  if (!raw) return null
  try {
    const parsed = villageListSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data.villages : null
  } catch (error) {
    console.warn('ignoring an unreadable village cache', error)
    return null
  }
}

function writeCache(userId: string, villages: Village[]): void {
  window.localStorage.setItem(`${CACHE_KEY}.${userId}`, JSON.stringify({ villages }))
}
