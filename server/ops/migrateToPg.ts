/**
 * `npm run migrate:pg -- --from <DATA_DIR> --to <postgres url>`: moves a SQLite store to
 * PostgreSQL (copySqliteToPg.ts), then reads both back and checks that every doc has the same
 * state and every notice chain verifies. Stop the relay first; start it again with DATABASE_URL.
 */
import * as Y from 'yjs'
import { createLogger } from '../log.js'
import { openPgStore } from '../storage/store.pg.js'
import { openSqliteStore } from '../storage/store.sqlite.js'
import type { Store } from '../storage/types.js'
import { cliArgs, fail, runCli } from './cli.js'
import { copySqliteToPg } from './copySqliteToPg.js'
import { describeSummary, summariseStore } from './storeSummary.js'

const USAGE = 'npm run migrate:pg -- --from <DATA_DIR> --to <postgres://…>'

async function docState(store: Store, name: string): Promise<string> {
  const doc = new Y.Doc()
  for (const u of (await store.docs.load(name)).updates) Y.applyUpdate(doc, u)
  const state = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64')
  doc.destroy()
  return state
}

runCli(async () => {
  const args = cliArgs(USAGE, { from: { type: 'string' }, to: { type: 'string' } })
  if (!args.from || !args.to) fail(`缺少 --from 或 --to\n用法：${USAGE}`)
  if (!/^postgres(ql)?:\/\//.test(args.to)) fail(`--to 应当是 postgres://… 地址\n用法：${USAGE}`)
  const started = performance.now()
  const report = await copySqliteToPg(args.from, args.to)
  const source = openSqliteStore(args.from)
  const target = await openPgStore(args.to, (message) => createLogger('warn').warn('postgres.error', { error: message }))
  try {
    const mismatched: string[] = []
    for (const village of await source.accounts.listVillages()) {
      for (const name of (await source.docs.docVersions(village.id)).keys()) {
        if ((await docState(source, name)) !== (await docState(target, name))) mismatched.push(name)
      }
    }
    const summary = await summariseStore(target)
    const rows = Object.entries(report.rows).map(([t, n]) => `${t} ${n}`).join('，')
    process.stdout.write(`复制完成（用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）：${rows}\nPostgreSQL 中：${describeSummary(summary)}\n`)
    if (mismatched.length > 0) fail(`${mismatched.length} 个文档复制后内容不一致：${mismatched.slice(0, 5).join(', ')}`)
    if (summary.brokenChains.length > 0) process.exitCode = 1
  } finally {
    await Promise.all([source.close(), target.close()])
  }
})
