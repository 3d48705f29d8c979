/**
 * UI preferences in the app db (kept across sign-outs, shared by every user of this browser).
 * Rule: a stored value is untrusted (an older app version may have written it), so reading one
 * goes through the caller's zod schema and falls back to the default when it does not match.
 */
import type * as z from 'zod'
import { openAppDb, type IdbDeps } from './db'

export async function loadPref<S extends z.ZodType>(key: string, schema: S, fallback: z.infer<S>, deps?: IdbDeps): Promise<z.infer<S>> {
  const db = openAppDb(deps)
  try {
    const row = await db.prefs.get(key)
    const parsed = schema.safeParse(row?.value)
    return parsed.success ? parsed.data : fallback
  } finally {
    db.close()
  }
}

export async function savePref(key: string, value: unknown, deps?: IdbDeps): Promise<void> {
  const db = openAppDb(deps)
  try {
    await db.prefs.put({ key, value })
  } finally {
    db.close()
  }
}
