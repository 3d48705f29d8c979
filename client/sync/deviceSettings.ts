/**
 * What this browser remembers about itself across sign-outs, in the app db (never a person's data):
 * - 这是公用电脑: on a shared office PC, signing out wipes the device by default (issue #14);
 * - sign-outs made offline: their tokens wait here until the relay can be told to revoke them,
 *   so a session ended on a PC with no signal does not stay valid on the server.
 * Stored values are untrusted (prefs.ts): each is read through its schema.
 */
import * as z from 'zod'
import type { IdbDeps } from './db'
import { loadPref, savePref } from './prefs'

const SHARED_KEY = 'device.shared'
const REVOKE_KEY = 'auth.pendingRevocations'

const pendingSchema = z.array(z.object({ baseUrl: z.string(), token: z.string() }))
type Pending = z.infer<typeof pendingSchema>

export const isSharedDevice = (deps?: IdbDeps) => loadPref(SHARED_KEY, z.boolean(), false, deps)
export const setSharedDevice = (shared: boolean, deps?: IdbDeps) => savePref(SHARED_KEY, shared, deps)

/** Keeps a token to revoke on the next connection (a sign-out made offline). */
export async function queueRevocation(baseUrl: string, token: string, deps?: IdbDeps): Promise<void> {
  const pending = await loadPref(REVOKE_KEY, pendingSchema, [], deps)
  if (!pending.some((p) => p.token === token)) await savePref(REVOKE_KEY, [...pending, { baseUrl, token }], deps)
}

/** How many sign-outs still wait to reach the relay. */
export async function pendingRevocations(deps?: IdbDeps): Promise<number> {
  return (await loadPref(REVOKE_KEY, pendingSchema, [], deps)).length
}

/**
 * Tells the relay about every queued sign-out. A token the relay accepts (200) or no longer knows
 * (401) is done; one that could not be sent (no network, a 5xx) stays for the next try.
 */
export async function flushRevocations(fetchImpl: typeof fetch = globalThis.fetch, deps?: IdbDeps): Promise<number> {
  const pending = await loadPref(REVOKE_KEY, pendingSchema, [], deps)
  const left: Pending = []
  for (const p of pending) {
    const done = await fetchImpl(`${p.baseUrl.replace(/\/+$/, '')}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${p.token}` } }).then(
      (res) => res.ok || res.status === 401,
      () => false,
    )
    if (!done) left.push(p)
  }
  // Sign-outs queued while this ran are kept too.
  const now = await loadPref(REVOKE_KEY, pendingSchema, [], deps)
  await savePref(REVOKE_KEY, [...left, ...now.filter((p) => !pending.some((q) => q.token === p.token))], deps)
  return pending.length - left.length
}
