/**
 * The members the township may assign an inbox item to: each user's id, name and villages (no
 * phone), from /api/users and cached in the admin's own IndexedDB, so 交办 works offline with the
 * roster last seen. The fact stores the member's user id and, for readers offline, their name.
 */
import * as z from 'zod'
import type { Workspace } from '../../workspace/workspace'
import type { ApiContext } from '../api/http'
import { fetchUsers } from '../api/users'
import { useCachedValue } from '../hooks/useCachedValue'

const rosterSchema = z.array(z.object({ id: z.string(), name: z.string(), villageIds: z.array(z.string()) }))
export type InboxMember = z.infer<typeof rosterSchema>[number]

export function useInboxMembers(workspace: Workspace, api: ApiContext): { members: InboxMember[] | null; error: string | null } {
  const state = useCachedValue(
    workspace,
    {
      key: 'inboxMembers',
      schema: rosterSchema,
      fetch: async () =>
        (await fetchUsers(api)).filter((u) => !u.disabled && u.memberships.length > 0).map((u) => ({ id: u.id, name: u.name, villageIds: u.memberships.map((m) => m.villageId) })),
    },
    [api],
  )
  return { members: state.value, error: state.error }
}
