/** The signed-in person's own account: first-run setup, who am I, password, sign-out. */
import * as z from 'zod'
import { meResponseSchema, setupStatusSchema, type MeResponse } from '../../../shared/api/accounts'
import { loginResponseSchema, type LoginResponse } from '../../../shared/api/auth'
import { request, type ApiContext } from './http'

const okSchema = z.object({ ok: z.boolean() })

export async function fetchSetupNeeded(api: ApiContext): Promise<boolean> {
  return (await request(api, '/api/setup', setupStatusSchema)).needed
}

export type SetupInput = { code: string; phone: string; name: string; password: string }

/** Creates the township admin with the one-time code the relay printed; signs them in. */
export function completeSetup(api: ApiContext, input: SetupInput): Promise<LoginResponse> {
  return request(api, '/api/setup', loginResponseSchema, { method: 'POST', body: input })
}

export function fetchMe(api: ApiContext): Promise<MeResponse> {
  return request(api, '/api/auth/me', meResponseSchema)
}

/** Changes the password; the relay signs out every other session of this user. */
export async function changePassword(api: ApiContext, currentPassword: string, newPassword: string): Promise<void> {
  await request(api, '/api/auth/password', okSchema, { method: 'POST', body: { currentPassword, newPassword } })
}

/** Revokes the session on the server. Best effort: signing out offline still signs out locally. */
export async function revokeSession(api: ApiContext): Promise<void> {
  await request(api, '/api/auth/logout', okSchema, { method: 'POST' })
}
