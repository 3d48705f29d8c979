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

export function useMemberships(api: ApiContext, userId: string): Membership[] | null {
  const [memberships, setMemberships] = useState<Membership[] | null>(() => readCache(userId))
  const load = useCallback(() => fetchMe(api), [api])
  useEffect(() => {
    let cancelled = false
    load().then(
      (me) => {
        window.localStorage.setItem(`${CACHE_KEY}.${userId}`, JSON.stringify(me.memberships))
        if (!cancelled) setMemberships(me.memberships)
      },
      (error: unknown) => console.warn('loading memberships failed; showing the cached ones', error),
    )
    return () => {
      cancelled = true
    }
  }, [load, userId])
  return memberships
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
