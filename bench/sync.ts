/**
 * bench:sync — reconnecting after a day offline: 30 docs, 2,000 changes (1,000 made on the
 * server by others, 1,000 made on this device), then one background sync (client/sync/
 * backgroundSync.ts) against a real relay over HTTP. Prints time and bytes, and the same for an
 * idle re-sync (nothing changed). IndexedDB is fake-indexeddb in Node. Prints; asserts nothing.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { syncAllDocs } from '../client/sync/backgroundSync'
import { openUserDb } from '../client/sync/db'
import { LocalStore } from '../client/sync/localStore'
import { pendingMarks } from '../client/sync/pending'
import { startRelay } from '../server/app'

const DOCS = 30
const CHANGES = 2000
const dir = mkdtempSync(join(tmpdir(), 'cunwu-bench-sync-'))
const relay = await startRelay({ dataDir: dir, adminPhone: '13800000000', adminPassword: 'admin-pass-123', logLevel: 'error' })
try {
  const login = await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000000', password: 'admin-pass-123' }) })
  const { token } = (await login.json()) as { token: string }
  const created = await fetch(`${relay.url}/api/villages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: '基准村' }) })
  const { id } = (await created.json()) as { id: string }
  const names = Array.from({ length: DOCS }, (_, i) => `${id}/minutes/m${i}`)
  for (const name of names) await relay.relay.withDoc(name, async (room) => (room.doc.getText('body').insert(0, '会议记录开头。'), room.flush()))
  const db = openUserDb('bench', { indexedDB: new IDBFactory(), IDBKeyRange })
  const options = { db, baseUrl: relay.url, token }
  await syncAllDocs(options) // the device was in sync yesterday

  // A day apart: others edit on the server, this device edits offline.
  for (let i = 0; i < CHANGES / 2; i++) {
    const name = names[i % DOCS] as string
    await relay.relay.withDoc(name, async (room) => room.doc.getText('body').insert(0, `他人修改${i};`))
  }
  for (const name of names) {
    const doc = new Y.Doc()
    const store = await LocalStore.open(db, name, doc, { marksFor: (origin, tr) => (origin === 'me' ? pendingMarks(doc, tr) : []) })
    for (let i = 0; i < CHANGES / 2 / DOCS; i++) doc.transact(() => doc.getText('body').insert(doc.getText('body').length, `本机${i};`), 'me')
    await store.close()
    doc.destroy()
  }
  const pendingBefore = await db.pending.count()

  const t0 = performance.now()
  const report = await syncAllDocs(options)
  const ms = performance.now() - t0
  const t1 = performance.now()
  await syncAllDocs(options) // versions moved by our own push: one cheap round
  const idle = await syncAllDocs(options)
  const idleMs = performance.now() - t1
  const kib = (n: number) => (n / 1024).toFixed(1)
  console.log(`bench:sync — ${DOCS} docs, ${CHANGES} changes (${CHANGES / 2} on the server, ${CHANGES / 2} on this device, ${pendingBefore} pending rows)`)
  console.log('')
  console.log('                         |   time ms | up KiB | down KiB | docs exchanged')
  console.log('-------------------------|-----------|--------|----------|---------------')
  console.log(`reconnect after a day     | ${ms.toFixed(0).padStart(9)} | ${kib(report.bytesUp).padStart(6)} | ${kib(report.bytesDown).padStart(8)} | ${report.exchanged.length}`)
  console.log(`idle re-sync (no change)  | ${(idleMs / 2).toFixed(0).padStart(9)} | ${kib(idle.bytesUp).padStart(6)} | ${kib(idle.bytesDown).padStart(8)} | ${idle.exchanged.length}`)
  console.log('')
  console.log(`pending after sync: ${await db.pending.count()}; pulled ${report.pulled.length} docs, pushed ${report.pushed.length}`)
  console.log('  * one manifest GET + one sync POST (JSON, base64 Yjs diffs), loopback, SQLite relay; idle time is the mean of two re-syncs')
  db.close()
} finally {
  await relay.close()
  rmSync(dir, { recursive: true, force: true })
}
