/**
 * `npm run ledger:import`: one spreadsheet into one village's grid ledgers, through the same
 * code as the browser import (shared/ledger/spreadsheet.ts → importRows.ts → applyImport.ts).
 *
 * Who writes: `--as <phone>` names a user, whose memberships decide which grids (and which
 * sensitive docs, for care categories) the import may write, exactly as in the browser. Without
 * it the township admin acts (the earliest-created active one): whoever runs this command holds
 * the store itself, so the admin's full rights add nothing, and the audit log still names a person.
 * Where it writes: through the running relay when there is one (channel.ts), else into the store.
 */
import { readFile } from 'node:fs/promises'
import * as Y from 'yjs'
import { docAccess } from '../../shared/access.js'
import { docName } from '../../shared/docNames.js'
import { applyImport } from '../../shared/ledger/applyImport.js'
import { shanghaiDate } from '../../shared/civilDate.js'
import { NO_GRID } from '../../shared/ledger/importDrafts.js'
import { savedMappings } from '../../shared/ledger/importMappings.js'
import { importReport } from '../../shared/ledger/importReport.js'
import { previewImport, type ImportPreview } from '../../shared/ledger/importRows.js'
import { readSpreadsheet, type Sheet } from '../../shared/ledger/spreadsheet.js'
import { listGrids, type Grid } from '../../shared/metaDoc.js'
import { recordAudit } from '../audit.js'
import { hashToken, issueSession } from '../auth/sessions.js'
import type { RelayConfig } from '../config.js'
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'
import { readBeacon } from '../relayBeacon.js'
import type { Store, UserRow, VillageRow } from '../storage/types.js'
import { UsageError, type ImportArgs } from './args.js'
import { relayChannel, storeChannel, type DocChannel } from './channel.js'

export type ImportIo = { out(text: string): void; err(text: string): void }
export type ImportDeps = { store: Store; config: RelayConfig; log: Logger; io: ImportIo; env?: NodeJS.ProcessEnv; now?: Date }

const SESSION_MS = 30 * 60 * 1000
const PROBE_MS = 2000

/** Runs the import; resolves with the exit code (2 after a UsageError's message on stderr). */
export async function runLedgerImport(args: ImportArgs, deps: ImportDeps): Promise<number> {
  try {
    return await importFile(args, deps)
  } catch (err) {
    if (err instanceof UsageError) {
      deps.io.err(`${err.message}\n`)
      return 2
    }
    throw err
  }
}

async function importFile(args: ImportArgs, deps: ImportDeps): Promise<number> {
  const { store, io, log } = deps
  const now = deps.now ?? new Date()
  const village = await findVillage(store, args.village)
  const sheet = await readSheet(args.file)
  const user = await findUser(store, args.as)
  const membership = await store.accounts.membership(user.id, village.id)
  const channel = await openChannel(args, deps, user)
  try {
    const metaName = docName({ kind: 'meta', villageId: village.id })
    const meta = (await channel.load([metaName])).get(metaName)!
    const grids = listGrids(meta)
    const may = (kind: 'ledger' | 'sensitive', gridId: string) => docAccess(user, membership, { kind, villageId: village.id, gridId }) === 'write'
    const ledgerGrids = grids.filter((g) => may('ledger', g.id))
    const sensitiveGrids = ledgerGrids.filter((g) => may('sensitive', g.id))
    const loaded = await channel.load([...ledgerGrids.map((g) => ledgerName(village.id, g.id)), ...sensitiveGrids.map((g) => sensitiveName(village.id, g.id))])
    const docs = new Map(ledgerGrids.map((g) => [g.id, loaded.get(ledgerName(village.id, g.id))!]))
    const sensitiveDocs = new Map(sensitiveGrids.map((g) => [g.id, loaded.get(sensitiveName(village.id, g.id))!]))
    const today = shanghaiDate(now)
    const result = previewImport(sheet.rows, { grids, docs, sensitiveDocs, defaultGridId: defaultGrid(args.grid, ledgerGrids), today, saved: savedMappings(meta), hidden: sheet.hidden, filled: sheet.filled })
    if (!result.ok) throw new UsageError(`${args.file}：${result.error}`)
    const preview = result.preview
    for (const c of preview.unmapped) io.err(`注意：${c.column}列“${c.header}”未识别，本次不导入（可在网页导入时为本村指定它对应的内容）\n`)
    const gridless = preview.rows.filter((r) => r.reasons.includes(NO_GRID)).length
    if (gridless > 0) io.err(`注意：${gridless} 行没有网格：请在表中“网格”一栏填写网格名称或编号，或用 --grid 指定（可写入的网格：${ledgerGrids.map((g) => g.name).join('、') || '无'}）\n`)
    if (args.json) io.out(`${JSON.stringify(importReport(village.id, preview))}\n`)
    else io.out(humanSummary(village, preview, args.dryRun))
    if (args.dryRun) return 0
    const targets = new Map<string, Y.Doc>([...[...docs].map(([g, d]) => [ledgerName(village.id, g), d] as const), ...[...sensitiveDocs].map(([g, d]) => [sensitiveName(village.id, g), d] as const)])
    const before = new Map([...targets].map(([name, doc]) => [name, Y.encodeStateVector(doc)]))
    const actor = { id: user.id, name: user.name }
    const applied = await applyImport(preview, docs, actor, now.toISOString(), { sensitiveDocs, pause: () => Promise.resolve() })
    const updates = new Map<string, Uint8Array>()
    for (const [name, doc] of targets) {
      if (sameVector(before.get(name)!, Y.encodeStateVector(doc))) continue
      updates.set(name, Y.encodeStateAsUpdate(doc, before.get(name)))
    }
    await channel.push(updates)
    if (channel.kind === 'store' && updates.size) recordAudit(store.accounts, log, user.id, 'doc.push', `ledger-import:${village.id}`, `台账导入：${updates.size} 份文档`)
    io.err(
      `已写入（${channel.kind === 'relay' ? '经正在运行的服务，已连接的设备实时可见' : '直接写入数据库'}）：新增 ${applied.households.created} 户、${applied.residents.created} 人，更新 ${applied.households.updated} 户、${applied.residents.updated} 人，关爱帮扶记录 ${applied.care.created} 条\n`,
    )
    return 0
  } finally {
    await channel.close()
  }
}

function ledgerName(villageId: string, gridId: string) {
  return docName({ kind: 'ledger', villageId, gridId })
}
function sensitiveName(villageId: string, gridId: string) {
  return docName({ kind: 'sensitive', villageId, gridId })
}

function sameVector(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

async function findVillage(store: Store, wanted: string): Promise<VillageRow> {
  const villages = await store.accounts.listVillages()
  const byId = villages.find((v) => v.id === wanted)
  if (byId) return byId
  const byName = villages.filter((v) => v.name === wanted)
  if (byName.length === 1) return byName[0]!
  if (byName.length > 1) throw new UsageError(`有 ${byName.length} 个村都叫“${wanted}”，请用村 id：${byName.map((v) => v.id).join('、')}`)
  throw new UsageError(`找不到村“${wanted}”（应为村 id 或完整村名）`)
}

async function readSheet(file: string): Promise<Sheet> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `找不到文件：${file}` : `无法读取文件 ${file}（${code ?? errorMessage(err)}）`)
  }
  const read = await readSpreadsheet(file, bytes)
  if (!read.ok) throw new UsageError(`${file}：${read.error}`)
  // The first sheet with a header row the import knows; else the first, whose error says why.
  return read.sheets.find((s) => previewImport(s.rows.slice(0, 40), { grids: [], docs: new Map(), defaultGridId: null, today: '2000-01-01' }).ok) ?? read.sheets[0]!
}

async function findUser(store: Store, phone: string | undefined): Promise<UserRow> {
  if (phone) {
    const user = await store.accounts.findUserByPhone(phone)
    if (!user || user.disabledAt) throw new UsageError(`找不到可用的账号 ${phone}（--as 应为已有账号的手机号）`)
    return user
  }
  const admins = (await store.accounts.listUsers()).filter((u) => u.role === 'township_admin' && !u.disabledAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  if (!admins[0]) throw new UsageError('数据库里没有可用的镇管理员账号：请用 --as <手机号> 指定以哪个账号导入')
  return admins[0]
}

function defaultGrid(wanted: string | undefined, grids: readonly Grid[]): string | null {
  if (!wanted) return grids.length === 1 ? grids[0]!.id : null
  const grid = grids.find((g) => g.name === wanted || g.code === wanted || g.id === wanted)
  if (!grid) throw new UsageError(`找不到可写入的网格“${wanted}”（可用：${grids.map((g) => g.name).join('、') || '无'}）`)
  return grid.id
}

/** Through a relay on this store when one answers (it proves it by accepting a fresh session), else the store. */
async function openChannel(args: ImportArgs, deps: ImportDeps, user: UserRow): Promise<DocChannel> {
  const { store, config, io } = deps
  const explicit = args.relay ?? deps.env?.CUNWU_URL
  const beacon = config.databaseUrl ? null : readBeacon(config.dataDir)
  const url = explicit ?? (beacon ? `http://${beacon.host}:${beacon.port}` : `http://127.0.0.1:${config.port}`)
  const session = await issueSession(store.accounts, user.id, SESSION_MS)
  const answer = await probe(url, session.token)
  if (answer === 'ours') {
    io.err(`发现正在运行的服务 ${url}，经由它写入\n`)
    const channel = relayChannel(url, session.token)
    return { ...channel, close: async () => store.accounts.revokeSession(hashToken(session.token), new Date().toISOString()) }
  }
  await store.accounts.revokeSession(hashToken(session.token), new Date().toISOString())
  if (explicit) throw new UsageError(`无法通过 ${url} 写入：${answer === 'foreign' ? '该服务用的不是这个数据库' : '连接不上'}`)
  if (beacon) throw new UsageError(`服务（进程 ${beacon.pid}，端口 ${beacon.port}）正在使用这个数据库但连接不上，请稍后再试或用 --relay 指定地址`)
  return storeChannel(store.docs, config.redisUrl)
}

async function probe(url: string, token: string): Promise<'ours' | 'foreign' | 'none'> {
  try {
    const res = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(PROBE_MS) })
    return res.ok ? 'ours' : 'foreign'
  } catch {
    return 'none' // nothing listening: no relay to go through
  }
}

function humanSummary(village: VillageRow, preview: ImportPreview, dryRun: boolean): string {
  const s = preview.summary
  const lines = [
    `${village.name}（${village.id}）${dryRun ? '预览（未写入）' : '导入'}：表头在第 ${preview.headerRows.join('、')} 行，共 ${preview.rows.length} 行`,
    `户：新增 ${s.households.new}，更新 ${s.households.changed}，无变化 ${s.households.unchanged}`,
    `人：新增 ${s.residents.new}，更新 ${s.residents.changed}，无变化 ${s.residents.unchanged}`,
    `有错误 ${s.invalid} 行，重复 ${s.duplicate} 行，跳过 ${s.skipped} 行`,
    ...preview.rows.filter((r) => r.status === 'invalid').map((r) => `  第 ${r.row} 行：${r.reasons.join('；')}`),
  ]
  return `${lines.join('\n')}\n`
}
