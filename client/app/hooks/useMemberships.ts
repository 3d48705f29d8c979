/**
 * This user's village memberships (GET /api/auth/me), cached per user in localStorage so the
 * roles still show offline.
 */
import { useCallback, useEffect, useState } from 'react'
import { z } from 'zod'
import { membershipSchema, type Membership } from '../../../shared/api/accounts'
import { fetchMe } from '../api/account'
import type { ApiContext } from '../api/http'

const CACHE_KEY = 'cunwu.memberships'
const cacheSchema = z.array(membershipSchema)

export function useMemberships(api: ApiContext, userId: string | null): Membership[] | null {
  const [state, setMemberships] = useState<{ userId: string | null; value: Membership[] | null }>(() => ({ userId, value: userId ? readCache(userId) : null }))
  const load = useCallback(() => fetchMe(api), [api])
  useEffect(() => {
    if (!userId) return
    let cancelled = false
    load().then(
      (me) => {
        window.localStorage.setItem(`${CACHE_KEY}.${userId}`, JSON.stringify(me.memberships))
        if (!cancelled) setMemberships({ userId, value: me.memberships })
      },
      (error: unknown) => console.warn('loading memberships failed; showing the cached ones', error),
    )
    return () => {
      cancelled = true
    }
  }, [load, userId])
  // Another user's list (before this user's has loaded) must not show.
  if (!userId) return null
  return state.userId === userId ? state.value : readCache(userId)
}

function readCache(userId: string): Membership[] | null {
  const raw = window.localStorage.getItem(`${CACHE_KEY}.${userId}`)
  if (!raw) return null
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : null
  } catch (error) {
    console.warn('ignoring an unreadable membership cache', error)
    return null
  }
}
