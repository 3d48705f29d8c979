/**
 * 民呼我应 (issue #23): a resident's contact phone and words never reach the relay's logs, at
 * any level, whether the matter is taken or refused.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRelay, type RunningRelay } from '../../server/app.js'
import type { Logger } from '../../server/log.js'
import { docName } from '../../shared/docNames.js'
import { addGrid } from '../../shared/metaDoc.js'
import { ADMIN, createVillage, login } from '../helpers/relay.js'

const lines: string[] = []
const capture = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, event, ...fields }))
const log: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') }

const dir = mkdtempSync(join(tmpdir(), 'cunwu-matter-logs-'))
let relay: RunningRelay
afterAll(async () => {
  await relay.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('matter logs', () => {
  it('carry neither the contact phone nor what the resident wrote', async () => {
    relay = await startRelay({ dataDir: dir, adminPhone: ADMIN.phone, adminPassword: ADMIN.password, logLevel: 'debug' }, log)
    const villageId = await createVillage(relay.url, await login(relay.url), '日志村')
    await relay.relay.withDoc(docName({ kind: 'meta', villageId }), async (room) => {
      addGrid(room.doc, { name: '一组网格', code: '01' })
      await room.flush()
    })
    const send = (fields: Record<string, string>) =>
      fetch(`${relay.url}/public/${villageId}/matters`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() })
    const taken = await send({ category: '治安', description: '夜里有陌生人翻墙进院子', place: '五组后山', grid: 'unsure', phone: '13766667777' })
    expect(taken.status).toBe(303)
    const refused = await send({ category: '', description: '另一条不该进日志的内容', place: '村口', grid: 'unsure', phone: '13755554444' })
    expect(refused.status).toBe(400)
    expect(lines.some((l) => l.includes('resident matter raised'))).toBe(true)
    for (const line of lines) {
      for (const secret of ['13766667777', '1376666', '13755554444', '翻墙', '五组后山', '不该进日志']) expect(line).not.toContain(secret)
    }
  })
})
