/**
 * The village's member roster for 平急结合 posts (issue #18): each member's user id, name and role
 * (never a phone), cached in this user's IndexedDB so posts show names and can be assigned
 * offline with the roster last seen. This is the one place the posts read members from, so it can
 * be swapped for the offline village roster (branch `roster`) without touching the panel.
 *
 * Source: GET /api/villages/:id/members (the roster endpoint); a relay without it answers 404,
 * and then the township admin's user list stands in (the admin may list users; nobody else may).
 */
import { useEffect, useMemo } from 'react'
import { z } from 'zod'
import { CachedValue } from '../../workspace/cachedValue'
import { ApiError, request } from '../api/http'
import { fetchUsers } from '../api/users'
import type { SectionProps } from '../components/sectionProps'
import { useStore } from '../hooks/useStore'

const memberSchema = z.object({ id: z.string(), name: z.string(), role: z.string() })
export type RosterMember = z.infer<typeof memberSchema>
const rosterSchema = z.array(memberSchema)

async function fetchRoster({ api, villageId, user }: Pick<SectionProps, 'api' | 'villageId' | 'user'>): Promise<RosterMember[]> {
  try {
    return (await request(api, `/api/villages/${encodeURIComponent(villageId)}/members`, z.object({ members: rosterSchema }))).members
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404 && user.role === 'township_admin')) throw error
    const users = await fetchUsers(api)
    return users.flatMap((u) => {
      const m = u.memberships.find((x) => x.villageId === villageId)
      return m && !u.disabled ? [{ id: u.id, name: u.name, role: m.role }] : []
    })
  }
}

/** The roster (null until first loaded on this device) and the last error loading it. */
export function useVillageRoster(props: Pick<SectionProps, 'api' | 'villageId' | 'user' | 'workspace'>): { members: RosterMember[] | null; error: string | null } {
  const { api, villageId, user, workspace } = props
  const store = useMemo(
    () => new CachedValue({ db: workspace.engine.db, key: `village-roster:${villageId}`, schema: rosterSchema, fetch: () => fetchRoster({ api, villageId, user }) }),
    [workspace, api, villageId, user],
  )
  useEffect(() => {
    store.start().catch((error: unknown) => console.error('loading the village roster failed', error))
    return () => store.close()
  }, [store])
  const state = useStore(store)
  return { members: state.value, error: state.error }
}
