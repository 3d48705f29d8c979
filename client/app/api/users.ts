/** Township-admin calls: users, their memberships and sessions (/api/users). */
import * as z from 'zod'
import { userListSchema, type AdminUser, type SetMembershipRequest } from '../../../shared/api/accounts'
import { userSchema, type User } from '../../../shared/api/auth'
import type { Role } from '../../../shared/roles'
import { request, type ApiContext } from './http'

// The UI reloads the list after every change, so what a mutation answers (a user, {ok}, or an
// empty 204) is not used and not constrained.
const anyObject = z.unknown()

export async function fetchUsers(api: ApiContext): Promise<AdminUser[]> {
  return (await request(api, '/api/users', userListSchema)).users
}

export type NewUser = { phone: string; name: string; password: string; role: Role }

export function createUser(api: ApiContext, user: NewUser): Promise<User> {
  return request(api, '/api/users', userSchema, { method: 'POST', body: user })
}

export type UserPatch = { name?: string; role?: Role; disabled?: boolean }

export async function updateUser(api: ApiContext, userId: string, patch: UserPatch): Promise<void> {
  await request(api, `/api/users/${encodeURIComponent(userId)}`, anyObject, { method: 'PATCH', body: patch })
}

export async function resetPassword(api: ApiContext, userId: string, password: string): Promise<void> {
  await request(api, `/api/users/${encodeURIComponent(userId)}/password`, anyObject, { method: 'POST', body: { password } })
}

export async function revokeSessions(api: ApiContext, userId: string): Promise<void> {
  await request(api, `/api/users/${encodeURIComponent(userId)}/revoke-sessions`, anyObject, { method: 'POST' })
}

export async function unlockUser(api: ApiContext, userId: string): Promise<void> {
  await request(api, `/api/users/${encodeURIComponent(userId)}/unlock`, anyObject, { method: 'POST' })
}

export async function setMembership(api: ApiContext, userId: string, villageId: string, membership: SetMembershipRequest): Promise<void> {
  const path = `/api/users/${encodeURIComponent(userId)}/memberships/${encodeURIComponent(villageId)}`
  await request(api, path, anyObject, { method: 'PUT', body: membership })
}

export async function removeMembership(api: ApiContext, userId: string, villageId: string): Promise<void> {
  const path = `/api/users/${encodeURIComponent(userId)}/memberships/${encodeURIComponent(villageId)}`
  await request(api, path, anyObject, { method: 'DELETE' })
}
