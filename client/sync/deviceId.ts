/**
 * This browser's device id: random, made once, kept in the app db across sign-outs (it names the
 * device, not a person). Sent with each sign-in so the relay can tell the owner's usual device
 * from a stranger's guesses (server/auth/throttle.ts), and never shown.
 */
import * as z from 'zod'
import type { IdbDeps } from './db'
import { loadPref, savePref } from './prefs'

const KEY = 'device.id'
const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/)

/** This page's answer for the browser's own IndexedDB: the id never changes, so it is read once. */
let ours: Promise<string> | null = null

/**
 * The device id (made on first use). Read once per page for the browser's own IndexedDB: the
 * unlock and the workspace both need it, and each read opened the app db again (issue #21: two
 * reads were 15–30 ms of the time from unlock to the first row).
 */
export function deviceId(deps?: IdbDeps): Promise<string> {
  if (deps) return readOrMake(deps)
  ours ??= readOrMake(undefined).catch((error: unknown) => {
    ours = null
    throw error
  })
  return ours
}

async function readOrMake(deps: IdbDeps | undefined): Promise<string> {
  const stored = await loadPref(KEY, deviceIdSchema.nullable(), null, deps)
  if (stored) return stored
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  await savePref(KEY, id, deps)
  return id
}
