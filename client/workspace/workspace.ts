/**
 * The workspace: everything stateful one signed-in user has on this device, in one React-free
 * object, created at sign-in and destroyed at sign-out (DESIGN.md "Client").
 *
 * It owns:
 * - the sync engine (docs, background sync, unsaved counts);
 * - one outbox for every server-authoritative act (notices, reveal reports), started here, so
 *   acts queued in an earlier session go out at sign-in, whatever screen is open;
 * - the villages and memberships caches, in the user's own IndexedDB (no user data in
 *   localStorage; copies an older app left there are moved in and removed);
 * - the township's settings (visit rules, meeting cadences, time limits), cached the same way and
 *   fetched again on every reconnect, so village devices apply them offline (before the first
 *   fetch the built-in defaults apply; shared/settings/effective.ts);
 * - the access service (access.ts);
 * and hands out live views of docs as stores (views.ts, minutesView.ts).
 *
 * Rules:
 * - wipe() deletes this device's copy of the user's data and its wrapped data key, and refuses while any doc change or
 *   outbox act has not reached the server, saying which: those exist nowhere else.
 * - destroy() undoes every subscription and closes the db; nothing is lost (it is all in
 *   IndexedDB).
 */
import * as z from 'zod'
import { membershipSchema, revealRequestSchema, type Membership, type RevealRequest } from '../../shared/api/accounts'
import type { PublishNoticeRequest } from '../../shared/api/notices'
import { villageSchema, type Village } from '../../shared/api/villages'
import { parseDocName } from '../../shared/docNames'
import { newId } from '../../shared/ids'
import { fetchMe } from '../app/api/account'
import type { ApiContext } from '../app/api/http'
import { createVillage, fetchVillages } from '../app/api/villages'
import { deleteDataKey } from '../sync/dataKey'
import { deleteUserDb, openUserDb, type IdbDeps, type OutboxKind } from '../sync/db'
import { SyncEngine, type SyncEngineOptions } from '../sync/engine'
import { Outbox, uploadActId } from '../sync/outbox'
import { fetchFile, storeLocalFile, type UploadPayload } from '../attachments/files'
import { Pins } from '../attachments/pins'
import { readFirstScreen, saveFirstScreen, type CopyPart, type FirstScreen } from './firstScreen'
import type { PreparedFile } from '../attachments/prepare'
import { attachmentUsageSchema, type AttachmentUsage } from '../../shared/api/attachments'
import { ApiError, request } from '../app/api/http'
import { countByDoc } from '../sync/pending'
import { sealPlainRowsOnce } from '../sync/sealed'
import { AccessService } from './access'
import { actSender } from './acts'
import { CachedValue } from './cachedValue'
import { townshipSettingsSchema } from '../../shared/api/settings'

export type WorkspaceOptions = SyncEngineOptions & {
  api: ApiContext
  /** Where an older app kept per-user caches (the browser's localStorage); omitted in tests. */
  legacyStorage?: Pick<Storage, 'getItem' | 'removeItem'> | null
  schedule?: (fn: () => void, ms: number) => () => void
}

export type RevealReport = Omit<RevealRequest, 'at' | 'recordIds' | 'count'> & { recordIds: readonly string[] }

/** What keeps wipe() from running: unsent doc changes per doc, and unsent acts. */
export type Unsent = { docs: Record<string, number>; acts: Array<{ id: string; kind: OutboxKind }> }

export type WipeResult = { wiped: true } | { wiped: false; unsent: Unsent; message: string }

const ACT_LABELS: Record<OutboxKind, string> = { 'notice.publish': '待发布的公告', 'audit.reveal': '待上报的查看记录', 'attachment.upload': '待上传的附件', 'notice.posting': '待登记的张贴记录' }

const villagesSchema = z.array(villageSchema)
const membershipsSchema = z.array(membershipSchema)

export class Workspace {
  readonly engine: SyncEngine
  readonly outbox: Outbox
  readonly villages: CachedValue<typeof villagesSchema>
  readonly memberships: CachedValue<typeof membershipsSchema>
  readonly townshipSettings: CachedValue<typeof townshipSettingsSchema>
  readonly access: AccessService
  /** Records pinned for offline use, whose files this device keeps (attachments/pins.ts). */
  readonly pins: Pins
  private readonly idb: IdbDeps
  private stopKeeping: (() => void) | null = null
  private readonly stopWatchingSettings: () => void
  private destroyed: Promise<void> | null = null

  constructor(private readonly options: WorkspaceOptions) {
    this.idb = { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
    this.engine = new SyncEngine(options)
    const db = this.engine.db
    this.outbox = new Outbox({ db, send: actSender(options.api, { db, key: options.dataKey ?? null, userId: options.session.user.id }), ...(options.schedule ? { schedule: options.schedule } : {}) })
    this.outbox.watchOnline(this.engine)
    this.villages = new CachedValue({ db, key: 'villages', schema: villagesSchema, fetch: () => fetchVillages(options.api) })
    this.memberships = new CachedValue({ db, key: 'memberships', schema: membershipsSchema, fetch: async () => (await fetchMe(options.api)).memberships })
    this.townshipSettings = new CachedValue({ db, key: 'township-settings', schema: townshipSettingsSchema, fetch: () => request(options.api, '/api/settings/township', townshipSettingsSchema) })
    this.stopWatchingSettings = watchReconnect(this.engine, () => void this.townshipSettings.reload())
    this.access = new AccessService(options.session.user, this.memberships, this.engine)
    this.pins = new Pins({ db, openDoc: (name) => this.engine.openDoc(name), fetchFile: (name, link) => this.fileBytes(name, link) })
    this.start().catch((error: unknown) => console.error('starting the workspace failed', error))
  }

  get user() {
    return this.options.session.user
  }

  /** This user's membership of a village (null: none, or not known yet). */
  membership(villageId: string): Membership | null {
    return this.memberships.getSnapshot().value?.find((m) => m.villageId === villageId) ?? null
  }

  async createVillage(name: string): Promise<Village> {
    const village = await createVillage(this.options.api, name).catch((err: unknown) => {
      // 已有同名村庄: someone made it since this list was read; show it.
      if (err instanceof ApiError && err.status === 409) void this.villages.reload()
      throw err
    })
    await this.villages.update((list) => [...(list ?? []), village])
    return village
  }

  /** Queues a notice (its id is the notice's own); sent now if online, else when online. */
  publishNotice(request: PublishNoticeRequest & { id: string }, villageId: string): Promise<boolean> {
    return this.outbox.enqueue({ id: request.id, kind: 'notice.publish', villageId, payload: request })
  }

  /**
   * Attaches a prepared file (client/attachments/prepare.ts) to a doc: kept on this device at
   * once, uploaded through the outbox when online. The caller puts the link into the doc.
   */
  async attachFile(docName: string, file: PreparedFile): Promise<void> {
    const villageId = parseDocName(docName)?.villageId ?? ''
    await storeLocalFile(this.engine.db, this.options.dataKey ?? null, villageId, file)
    const payload: UploadPayload = { sha256: file.sha256, doc: docName, type: file.type, size: file.size }
    await this.outbox.enqueue({ id: uploadActId(docName, file.sha256), kind: 'attachment.upload', villageId, payload })
  }

  /** Files and bytes each village holds on the relay (township admin: every village). */
  attachmentUsage(): Promise<AttachmentUsage> {
    return request(this.options.api, '/api/attachments/usage', attachmentUsageSchema)
  }

  /** A linked file's bytes: from this device, else fetched through the doc and kept here. */
  fileBytes(docName: string, link: { sha256: string; type: string; size: number }): Promise<Uint8Array<ArrayBuffer>> {
    const villageId = parseDocName(docName)?.villageId ?? ''
    return fetchFile(this.options.api, this.engine.db, this.options.dataKey ?? null, villageId, link, docName)
  }

  /** A ledger table's first screen as this device last showed it (firstScreen.ts), or null. */
  readFirstScreen(villageId: string, kind: string, part?: CopyPart): Promise<FirstScreen | null> {
    return readFirstScreen(this.engine.db, this.options.dataKey ?? null, villageId, kind, part)
  }

  saveFirstScreen(villageId: string, screen: FirstScreen): Promise<void> {
    return saveFirstScreen(this.engine.db, this.options.dataKey ?? null, villageId, screen)
  }

  /** Reports a masked field shown in full (DOMAIN.md §5.4.7); never the reason a reveal is refused. */
  reportReveal(report: RevealReport): void {
    const villageId = parseDocName(report.docName)?.villageId ?? ''
    const payload: RevealRequest = { ...report, recordIds: report.recordIds.slice(0, 500), count: report.recordIds.length, at: new Date().toISOString() }
    this.outbox.enqueue({ id: newId(), kind: 'audit.reveal', villageId, payload }).catch((error: unknown) => console.error('queueing a reveal report failed', error))
  }

  /** Every doc change and act on this device the server does not have yet (read from IndexedDB). */
  async unsent(): Promise<Unsent> {
    const db = this.engine.db
    const [pending, acts] = await Promise.all([db.pending.orderBy('docName').keys(), db.outbox.toArray()])
    return { docs: countByDoc(pending.map(String)), acts: acts.map((a) => ({ id: a.id, kind: a.kind })) }
  }

  /**
   * Sign-out with 清除本机数据: deletes the user's IndexedDB (docs, sync records, outbox, caches)
   * and ends the workspace, unless something has not reached the server, which is then named
   * and nothing is deleted.
   */
  async wipe(): Promise<WipeResult> {
    await this.engine.flush()
    const unsent = await this.unsent()
    if (Object.keys(unsent.docs).length > 0 || unsent.acts.length > 0) return { wiped: false, unsent, message: describeUnsent(unsent) }
    await this.destroy()
    // Another tab may have written meanwhile: check the closed db once more before deleting it.
    const db = openUserDb(this.user.id, this.idb)
    const late = (await db.pending.count()) + (await db.outbox.count())
    db.close()
    if (late > 0) return { wiped: false, unsent: { docs: {}, acts: [] }, message: `另一个窗口刚有 ${late} 项更改尚未保存到服务器，未清除本机数据` }
    await deleteUserDb(this.user.id, this.idb)
    await deleteDataKey(this.user.id, this.idb)
    return { wiped: true }
  }

  destroy(): Promise<void> {
    this.destroyed ??= (async () => {
      this.outbox.destroy()
      this.stopKeeping?.()
      this.pins.close()
      this.villages.close()
      this.memberships.close()
      this.stopWatchingSettings()
      this.townshipSettings.close()
      await this.engine.destroy()
    })()
    return this.destroyed
  }

  private async start(): Promise<void> {
    // Plaintext an earlier release stored is encrypted on the first unlock after the upgrade.
    const { dataKey } = this.options
    if (dataKey) {
      const sealed = await sealPlainRowsOnce(this.engine.db, dataKey)
      if (sealed > 0) console.info(`encrypted ${sealed} stored updates left by an earlier version`)
    }
    await this.adoptLegacyStorage()
    // Whatever earlier sessions left queued goes out now.
    this.outbox.flush().catch((error: unknown) => console.error('outbox flush failed', error))
    await Promise.all([this.villages.start(), this.memberships.start(), this.townshipSettings.start()])
    this.keepPinnedFiles()
  }

  /**
   * Pinned records' files: kept now, and again when the network comes back or a background sync
   * brought changes to a pinned doc (new links). Only then: keeping opens the doc, and an opened
   * doc changes the engine's state, so reacting to every change would never stop.
   */
  private keepPinnedFiles(): void {
    if (this.destroyed) return
    const keep = () => void this.pins.keep().catch((error: unknown) => console.error('keeping pinned files failed', error))
    let last = this.engine.getState().lastSync
    const stopWatching = this.engine.subscribe(() => {
      const now = this.engine.getState().lastSync
      const pinned = new Set(this.pins.getSnapshot().pins.map((p) => p.docName))
      if (now !== last && (now?.pulled ?? []).some((name) => pinned.has(name))) keep()
      last = now
    })
    // The browser's own event: the engine's `online` follows open sockets, which keeping opens.
    globalThis.addEventListener?.('online', keep)
    this.stopKeeping = () => {
      stopWatching()
      globalThis.removeEventListener?.('online', keep)
    }
    this.pins.start().catch((error: unknown) => console.error('keeping pinned files failed', error))
  }

  /**
   * Older versions kept the village list, memberships and queued reveal reports in localStorage.
   * Reports move into the outbox; the caches are refetched; all three keys are removed.
   */
  private async adoptLegacyStorage(): Promise<void> {
    const storage = this.options.legacyStorage
    if (!storage) return
    const id = this.user.id
    const raw = storage.getItem(`cunwu.reveals.${id}`)
    if (raw) {
      const parsed = z.array(revealRequestSchema).safeParse(safeJson(raw))
      for (const payload of parsed.success ? parsed.data : []) {
        await this.outbox.enqueue({ id: newId(), kind: 'audit.reveal', villageId: parseDocName(payload.docName)?.villageId ?? '', payload })
      }
    }
    for (const key of ['reveals', 'villages', 'memberships']) storage.removeItem(`cunwu.${key}.${id}`)
  }
}

export function describeUnsent(unsent: Unsent): string {
  const parts: string[] = []
  const docs = Object.values(unsent.docs)
  if (docs.length > 0) parts.push(`${docs.length} 份文档还有 ${docs.reduce((a, b) => a + b, 0)} 项更改尚未保存到服务器`)
  const byKind = new Map<OutboxKind, number>()
  for (const act of unsent.acts) byKind.set(act.kind, (byKind.get(act.kind) ?? 0) + 1)
  for (const [kind, count] of byKind) parts.push(`${count} 项${ACT_LABELS[kind]}尚未发送`)
  return `${parts.join('；')}，不能清除本机数据`
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch (error) {
    console.warn('ignoring an unreadable cached value', error)
    return null
  }
}

/** Calls `onReconnect` each time the engine goes from offline to online. */
function watchReconnect(engine: SyncEngine, onReconnect: () => void): () => void {
  let wasOnline = engine.getState().online
  return engine.subscribe(() => {
    const online = engine.getState().online
    if (online && !wasOnline) onReconnect()
    wasOnline = online
  })
}
