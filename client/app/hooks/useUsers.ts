/**
 * 用户管理 data: the user list, and every change as a function that calls the relay and then
 * reloads the list (the relay's answer is the truth; nothing is patched locally).
 */
import { useCallback, useMemo } from 'react'
import type { SetMembershipRequest } from '../../../shared/api/accounts'
import type { ApiContext } from '../api/http'
import * as users from '../api/users'
import { useAsync } from './useAsync'

export function useUsers(api: ApiContext) {
  const load = useCallback(() => users.fetchUsers(api), [api])
  const list = useAsync(load)
  const { reload } = list
  const actions = useMemo(() => {
    const then =
      <A extends unknown[]>(call: (...args: A) => Promise<unknown>) =>
      async (...args: A) => {
        await call(...args)
        reload()
      }
    return {
      create: then((user: users.NewUser) => users.createUser(api, user)),
      update: then((id: string, patch: users.UserPatch) => users.updateUser(api, id, patch)),
      resetPassword: then((id: string, password: string) => users.resetPassword(api, id, password)),
      revokeSessions: then((id: string) => users.revokeSessions(api, id)),
      unlock: then((id: string) => users.unlockUser(api, id)),
      setMembership: then((id: string, villageId: string, m: SetMembershipRequest) => users.setMembership(api, id, villageId, m)),
      removeMembership: then((id: string, villageId: string) => users.removeMembership(api, id, villageId)),
    }
  }, [api, reload])
  return { users: list.data, error: list.error, loading: list.loading, ...actions }
}

export type UserActions = Omit<ReturnType<typeof useUsers>, 'users' | 'error' | 'loading'>
