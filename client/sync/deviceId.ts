/**
 * This browser's device id: random, made once, kept in the app db across sign-outs (it names the
 * device, not a person). Sent with each sign-in so the relay can tell the owner's usual device
 * from a stranger's guesses (server/auth/throttle.ts), and never shown.
 */
import { z } from 'zod'
import type { IdbDeps } from './db'
import { loadPref, savePref } from './prefs'

const KEY = 'device.id'
const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/)

export async function deviceId(deps?: IdbDeps): Promise<string> {
  const stored = await loadPref(KEY, deviceIdSchema.nullable(), null, deps)
  if (stored) return stored
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  await savePref(KEY, id, deps)
  return id
}
