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
import { docAccess, type Access } from '../../shared/access.js'
import { CONFIRM_STALE_MESSAGE, MINUTES_STALE_MESSAGE, hashRequestSchema } from '../../shared/api/minutes.js'
import { docName } from '../../shared/docNames.js'
import { idSchema } from '../../shared/ids.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { recordAudit } from '../audit.js'
import { finaliseProblem, storeFinal, writeStamps } from '../minutes/finalise.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'
import type { Room } from '../relay/room.js'

export function minutesRoutes({ store, relay, log }: Services) {
  const { accounts, minutes } = store

  /** The doc name, after checking ids, village and that the user has at least `need` access. */
  async function authorise(c: Context<AppEnv>, need: Exclude<Access, 'none'>): Promise<string> {
    const villageId = idSchema.safeParse(c.req.param('villageId'))
    const meetingId = idSchema.safeParse(c.req.param('meetingId'))
    if (!villageId.success || !meetingId.success) throw new ApiException(404, { error: '没有这个会议' })
    if (!(await accounts.findVillage(villageId.data))) throw new ApiException(404, { error: '没有这个村' })
    const user = c.get('user')
    const ref = { kind: 'minutes', villageId: villageId.data, meetingId: meetingId.data } as const
    const access = docAccess(user, await accounts.membership(user.id, ref.villageId), ref)
    if (access === 'none' || (need === 'write' && access !== 'write')) throw new ApiException(403, { error: '没有权限执行此操作' })
    return docName(ref)
  }

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

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .post('/:villageId/:meetingId/confirm', async (c) => {
      const name = await authorise(c, 'read')
      const { hash } = await parseBody(c, hashRequestSchema)
      const user = c.get('user')
      const confirmation = { userId: user.id, name: user.name, hash, at: new Date().toISOString() }
      const confirmed = await relay.withDoc(name, async (room) => {
        await currentContent(room, hash, CONFIRM_STALE_MESSAGE)
        await minutes.addConfirmation(name, confirmation)
        await stamp(room, { confirmation })
        return minutes.confirmations(name, hash)
      })
      recordAudit(accounts, log, user.id, 'minutes.confirm', name, hash)
      return c.json({ confirmations: confirmed })
    })
    .post('/:villageId/:meetingId/finalise', async (c) => {
      const name = await authorise(c, 'write')
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
      recordAudit(accounts, log, user.id, 'minutes.finalise', name, `v${version.version} ${hash}`)
      return c.json(version, 201)
    })
    .post('/:villageId/:meetingId/checkpoint', async (c) => {
      const name = await authorise(c, 'write')
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
    .get('/:villageId/:meetingId/versions', async (c) => {
      const name = await authorise(c, 'read')
      return c.json({ versions: await minutes.listVersions(name) })
    })
    .get('/:villageId/:meetingId/versions/:version', async (c) => {
      const name = await authorise(c, 'read')
      const n = Number(c.req.param('version'))
      const version = Number.isInteger(n) && n > 0 ? await minutes.getVersion(name, n) : null
      if (!version) throw new ApiException(404, { error: '没有这个版本' })
      return c.json(version)
    })
}
