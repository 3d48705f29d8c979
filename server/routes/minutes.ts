/**
 * Minutes versions (shared/api/minutes.ts). Finalisation is server-authoritative: the relay reads
 * ITS OWN live copy of the minutes doc (relay.withDoc, after flushing what is queued, so what is
 * stamped is what storage holds), computes the canonical content and hash
 * (shared/minutes/canonical.ts) and refuses with 409 when the client saw something else. The
 * version row is immutable (storage/minutesVersions.ts); a stamp mirrored into the doc's
 * `finalisations` / `confirmations` arrays tells every device, offline ones included.
 * Access: the doc's own row of shared/access.ts — write to finalise or checkpoint, read to
 * confirm or list (a supervisor who attended may confirm).
 */
import { Hono, type Context } from 'hono'
import { CONFIRM_STALE_MESSAGE, MINUTES_STALE_MESSAGE, hashRequestSchema } from '../../shared/api/minutes.js'
import type { DocRef } from '../../shared/docNames.js'
import { idSchema } from '../../shared/ids.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { recordAudit } from '../audit.js'
import type { Services } from '../http/context.js'
import { requireDocAccess, type DocEnv } from '../http/requireDocAccess.js'
import { finaliseProblem, storeFinal, writeStamps } from '../minutes/finalise.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import type { Room } from '../relay/room.js'

export function minutesRoutes({ store, relay, log }: Services) {
  const { accounts, minutes } = store

  const meetingDoc = (c: Context<DocEnv>): DocRef | null => {
    const villageId = idSchema.safeParse(c.req.param('villageId'))
    const meetingId = idSchema.safeParse(c.req.param('meetingId'))
    return villageId.success && meetingId.success ? { kind: 'minutes', villageId: villageId.data, meetingId: meetingId.data } : null
  }
  const may = (need: 'read' | 'write') => requireDocAccess(accounts, need, meetingDoc)

  /** The relay's durable content of the doc, checked against what the client hashed. */
  async function currentContent(room: Room, clientHash: string, staleMessage: string) {
    await room.flush()
    const current = await minutesHash(room.doc)
    if (current.hash !== clientHash) throw new ApiException(409, { error: staleMessage })
    return current
  }

  async function stamp(room: Room, stamps: Parameters<typeof writeStamps>[1]): Promise<void> {
    writeStamps(room.doc, stamps)
    await room.flush()
  }

  return new Hono<DocEnv>()
    .use(requireUser(accounts))
    .post('/:villageId/:meetingId/confirm', may('read'), async (c) => {
      const { name } = c.get('doc')
      const { hash } = await parseBody(c, hashRequestSchema)
      const user = c.get('user')
      const confirmation = { userId: user.id, name: user.name, hash, at: new Date().toISOString() }
      const confirmed = await relay.withDoc(name, async (room) => {
        await currentContent(room, hash, CONFIRM_STALE_MESSAGE)
        await minutes.addConfirmation(name, confirmation)
        await stamp(room, { confirmation })
        return minutes.confirmations(name, hash)
      })
      recordAudit(accounts, log, user.id, 'minutes.confirm', name, hash, { docName: name })
      return c.json({ confirmations: confirmed })
    })
    .post('/:villageId/:meetingId/finalise', may('write'), async (c) => {
      const { name } = c.get('doc')
      const { hash } = await parseBody(c, hashRequestSchema)
      const user = c.get('user')
      const version = await relay.withDoc(name, async (room) => {
        const problem = finaliseProblem(room.doc)
        if (problem) throw new ApiException(400, problem)
        const current = await currentContent(room, hash, MINUTES_STALE_MESSAGE)
        const stored = await storeFinal(minutes, name, current, user, new Date().toISOString())
        await stamp(room, { final: stored.stamp })
        return stored.version
      })
      recordAudit(accounts, log, user.id, 'minutes.finalise', name, `第 ${version.version} 版 ${hash}`, { docName: name })
      return c.json(version, 201)
    })
    .post('/:villageId/:meetingId/checkpoint', may('write'), async (c) => {
      const { name } = c.get('doc')
      const user = c.get('user')
      const version = await relay.withDoc(name, async (room) => {
        await room.flush()
        const current = await minutesHash(room.doc)
        const latest = (await minutes.listVersions(name))[0]
        if (latest?.hash === current.hash) return null
        return minutes.addVersion(name, { kind: 'checkpoint', ...current, at: new Date().toISOString(), by: user.id, confirmations: [] })
      })
      return c.json({ version })
    })
    .get('/:villageId/:meetingId/versions', may('read'), async (c) => {
      const { name } = c.get('doc')
      recordAudit(accounts, log, c.get('user').id, 'minutes.read', name, '版本列表', { docName: name })
      return c.json({ versions: await minutes.listVersions(name) })
    })
    .get('/:villageId/:meetingId/versions/:version', may('read'), async (c) => {
      const { name } = c.get('doc')
      const n = Number(c.req.param('version'))
      const version = Number.isInteger(n) && n > 0 ? await minutes.getVersion(name, n) : null
      if (!version) throw new ApiException(404, { error: '没有这个版本' })
      recordAudit(accounts, log, c.get('user').id, 'minutes.read', name, `version ${n}`, { docName: name })
      return c.json(version)
    })
}
