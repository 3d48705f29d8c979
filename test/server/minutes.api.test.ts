/**
 * Minutes finalisation over a real relay and real sockets, on SQLite and on PostgreSQL: the
 * server stamps what IT holds (a client hash it does not hold gets 409), the hash a client
 * computes equals the server's, the stamp reaches every device, confirmations and versions are
 * listed with who made them, a supervisor may confirm but not finalise, and an edit made offline
 * after finalisation arrives, is kept and flags the meeting as changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MINUTES_STALE_MESSAGE, versionDetailSchema, versionListSchema, versionSummarySchema } from '../../shared/api/minutes.js'
import { docName } from '../../shared/docNames.js'
import { newId } from '../../shared/ids.js'
import { minutesHash } from '../../shared/minutes/canonical.js'
import { bodyFragment, latestFinal, readConfirmations, setHeaderField } from '../../shared/minutes/minutesDoc.js'
import { createMeeting } from '../../shared/minutes/templates.js'
import { api } from '../helpers/api.js'
import { requirePostgres, freshPostgresDatabase, SKIP_REASON, type FreshDatabase } from '../helpers/postgres.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { login, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

const pgUp = await requirePostgres('the PostgreSQL half of the minutes API suite')

const HEADER = { type: 'representatives', title: '一季度村民代表会议', date: '2026-03-20', time: '14:30', place: '村委会', host: '王书记', recorder: '李文书' } as const

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && !pgUp
  ;(skip ? describe.skip : describe)(`minutes API: ${backend}${skip ? ` ${SKIP_REASON}` : ''}`, () => {
    let relay: TestRelay
    let db: FreshDatabase | null = null
    let supervisorToken = ''
    const clients: TestClient[] = []
    const open = (name: string, token = relay.token, options: { durable?: boolean; connect?: boolean } = {}) => {
      const client = connectClient(relay.wsUrl, name, token, { durable: true, ...options })
      clients.push(client)
      return client
    }
    const path = (meetingId: string, rest: string) => `/api/minutes/${relay.villageId}/${meetingId}/${rest}`
    const synced = (c: TestClient) => waitFor(() => c.provider.synced && c.allSaved(), 'client saved')

    /** A meeting created through a socket, fully saved on the relay. */
    async function newMeeting(): Promise<{ id: string; name: string; client: TestClient }> {
      const id = newId()
      const name = docName({ kind: 'minutes', villageId: relay.villageId, meetingId: id })
      const client = open(name)
      await waitFor(() => client.provider.synced, 'synced')
      createMeeting(client.doc, new Y.Doc(), id, HEADER)
      await synced(client)
      return { id, name, client }
    }

    beforeAll(async () => {
      if (backend === 'postgres') db = await freshPostgresDatabase('cunwu_minutes')
      relay = await startTestRelay(db ? { databaseUrl: db.url } : {})
      const created = await api(relay.url, '/api/users', { token: relay.token, body: { phone: '13900000001', name: '监委刘', password: 'super-pass-123', role: 'supervisor' } })
      expect(created.status).toBe(201)
      const id = (created.json as { id: string }).id
      const set = await api(relay.url, `/api/users/${id}/memberships/${relay.villageId}`, { token: relay.token, method: 'PUT', body: { role: 'supervisor', gridIds: [], sensitive: false } })
      expect(set.status).toBe(200)
      supervisorToken = await login(relay.url, '13900000001', 'super-pass-123')
    }, 60_000)
    afterAll(async () => {
      for (const c of clients) c.destroy()
      await relay.close()
      await db?.drop()
    })

    it('finalises what the relay holds, with the hash every client computes, and stamps the doc', async () => {
      const { id, client } = await newMeeting()
      const other = open(docName({ kind: 'minutes', villageId: relay.villageId, meetingId: id }))
      await waitFor(() => other.provider.synced, 'second client synced')
      const { hash } = await minutesHash(client.doc)
      expect((await minutesHash(other.doc)).hash).toBe(hash)

      const confirmed = await api(relay.url, path(id, 'confirm'), { token: supervisorToken, body: { hash } })
      expect(confirmed.status).toBe(200)
      expect(confirmed.json).toMatchObject({ confirmations: [{ name: '监委刘', hash }] })

      const refused = await api(relay.url, path(id, 'finalise'), { token: supervisorToken, body: { hash } })
      expect(refused.status).toBe(403)

      const res = await api(relay.url, path(id, 'finalise'), { token: relay.token, body: { hash } })
      expect(res.status).toBe(201)
      const version = versionSummarySchema.parse(res.json)
      expect(version).toMatchObject({ version: 1, kind: 'final', hash, confirmations: [{ name: '监委刘', hash }] })
      // The stamp reaches both devices through the relay.
      await waitFor(() => latestFinal(other.doc)?.hash === hash && latestFinal(client.doc)?.hash === hash, 'stamp on both clients')
      expect(readConfirmations(other.doc).map((c) => c.name)).toEqual(['监委刘'])

      const detail = versionDetailSchema.parse((await api(relay.url, path(id, 'versions/1'), { token: supervisorToken })).json)
      expect(detail.content).toBe((await minutesHash(other.doc)).content)
    })

    it('refuses with 409 when the client saw content the relay does not hold', async () => {
      const { id, client } = await newMeeting()
      client.provider.disconnect()
      setHeaderField(client.doc, 'place', '离线时改的地点')
      const { hash } = await minutesHash(client.doc)
      const res = await api(relay.url, path(id, 'finalise'), { token: relay.token, body: { hash } })
      expect(res).toMatchObject({ status: 409, json: { error: MINUTES_STALE_MESSAGE } })
      expect(versionListSchema.parse((await api(relay.url, path(id, 'versions'), { token: relay.token })).json).versions).toEqual([])
    })

    it('refuses to finalise a record whose header is incomplete, naming the field', async () => {
      const { id, client } = await newMeeting()
      setHeaderField(client.doc, 'date', '')
      await synced(client)
      const { hash } = await minutesHash(client.doc)
      const res = await api(relay.url, path(id, 'finalise'), { token: relay.token, body: { hash } })
      expect(res.status).toBe(400)
      expect(res.json).toMatchObject({ field: 'date' })
      expect((res.json as { error: string }).error).toContain('日期')
    })

    it('keeps and flags an offline edit that arrives after finalisation; history lists checkpoints', async () => {
      const { id, name, client } = await newMeeting()
      const late = open(name)
      await waitFor(() => late.provider.synced, 'late device synced')
      late.provider.disconnect()
      const { hash } = await minutesHash(client.doc)
      expect((await api(relay.url, path(id, 'finalise'), { token: relay.token, body: { hash } })).status).toBe(201)

      // Offline, the late device has not heard of the finalisation and keeps writing.
      const para = bodyFragment(late.doc).get(1) as Y.XmlElement
      para.insert(0, [new Y.XmlText('会后补记：代表张某提出异议')])
      late.provider.connect()
      await synced(late)
      await waitFor(() => latestFinal(late.doc)?.hash === hash, 'late device sees the stamp')
      await waitFor(async () => (await minutesHash(client.doc)).hash === (await minutesHash(late.doc)).hash, 'converged')

      const now = await minutesHash(client.doc)
      expect(now.hash).not.toBe(latestFinal(client.doc)?.hash) // changed after finalisation: derived
      expect(now.content).toContain('会后补记：代表张某提出异议') // and not lost

      const cp = await api(relay.url, path(id, 'checkpoint'), { token: relay.token, body: {} })
      expect(cp.status).toBe(200)
      expect(cp.json).toMatchObject({ version: { version: 2, kind: 'checkpoint', hash: now.hash } })
      const again = await api(relay.url, path(id, 'checkpoint'), { token: relay.token, body: {} })
      expect(again.json).toEqual({ version: null })

      const { versions } = versionListSchema.parse((await api(relay.url, path(id, 'versions'), { token: supervisorToken })).json)
      expect(versions.map((v) => [v.version, v.kind])).toEqual([
        [2, 'checkpoint'],
        [1, 'final'],
      ])
      expect(versions[0]?.byName).toBeTruthy()
      expect(versions[0]?.editors).toContain(versions[0]?.byName)
    })

    it('answers 404 for a bad meeting id and 401 without a session', async () => {
      expect((await api(relay.url, `/api/minutes/${relay.villageId}/bad%20id/versions`, { token: relay.token })).status).toBe(404)
      expect((await api(relay.url, path('x1', 'versions'), {})).status).toBe(401)
      expect((await api(relay.url, path('x1', 'finalise'), { token: relay.token, body: { hash: 'nope' } })).status).toBe(400)
    })
  })
}
