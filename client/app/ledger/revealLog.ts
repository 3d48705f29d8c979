/**
 * Reports a masked field shown in full to the relay's audit log (DOMAIN.md §5.4.7: reads are not
 * edits, so the app logs them). Offline, reports wait in localStorage and go with the next
 * report or the next time the ledger opens; a report is never the reason a reveal is refused.
 */
import { z } from 'zod'
import { revealRequestSchema, type RevealRequest } from '../../../shared/api/accounts'
import { ApiError, request, type ApiContext } from '../api/http'

const KEY = 'cunwu.reveals'
const MAX_QUEUED = 200
const okSchema = z.object({ ok: z.literal(true) })

export function reportReveal(api: ApiContext, userId: string, entry: Omit<RevealRequest, 'at' | 'recordIds' | 'count'> & { recordIds: readonly string[] }): void {
  const queued = [...readQueue(userId), { ...entry, recordIds: entry.recordIds.slice(0, 500), count: entry.recordIds.length, at: new Date().toISOString() }]
  writeQueue(userId, queued.slice(-MAX_QUEUED))
  void flushReveals(api, userId)
}

let flushing = false

/** Sends what is queued, oldest first; stops at the first failure and keeps the rest. */
export async function flushReveals(api: ApiContext, userId: string): Promise<void> {
  if (flushing) return
  flushing = true
  try {
    for (;;) {
      const [next] = readQueue(userId)
      if (!next) return
      try {
        await request(api, '/api/audit/reveal', okSchema, { method: 'POST', body: next })
      } catch (error) {
        // Refused outright (no longer a member, say): keeping it would block the rest forever.
        const refused = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401
        console.warn(refused ? 'reveal report refused; dropped' : 'reveal report not sent yet; kept on this device', error)
        if (!refused) return
      }
      writeQueue(userId, readQueue(userId).slice(1))
    }
  } finally {
    flushing = false
  }
}

function readQueue(userId: string): RevealRequest[] {
  const raw = window.localStorage.getItem(`${KEY}.${userId}`)
  if (!raw) return []
  try {
    const parsed = z.array(revealRequestSchema).safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : []
  } catch (error) {
    console.warn('dropping an unreadable reveal queue', error)
    return []
  }
}

function writeQueue(userId: string, queue: RevealRequest[]): void {
  window.localStorage.setItem(`${KEY}.${userId}`, JSON.stringify(queue))
}
