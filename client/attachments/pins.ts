/**
 * Records pinned for offline use (issue #19, 离线保存): a pinned record's files are fetched in the
 * background and kept on this device; files of records nobody pinned may be cleared to free space.
 *
 * Rules:
 * - a pin is this user's, on this device: a row in the user's IndexedDB (`pins`), keyed by the
 *   doc and the owner inside it (shared/attachments/links.ts: `<kind>/<id>` for a ledger record,
 *   the minutes' or a decision step's own key), with the label the user saw;
 * - keeping runs when a pin is added, at start, when the device comes online and after each
 *   background sync: it opens each pinned doc, reads the owner's links (new files another device
 *   attached since are among them), fetches every file this device lacks (verified by hash,
 *   files.ts fetchFile) and records which files the pin holds and how many are here; a file it
 *   cannot fetch now (offline, no access any more) is left for the next run, never an error
 *   that stops the others;
 * - clearing (`clearUnpinned`) removes only files the relay has confirmed (uploaded = size), that
 *   no pin holds and no queued upload needs: nothing that exists only here is ever removed.
 */
import type * as Y from 'yjs'
import { attachmentLinks } from '../../shared/attachments/links'
import type { AttachmentLink } from '../../shared/api/attachments'
import { parseDocName } from '../../shared/docNames'
import type { PinRow, UserDb } from '../sync/db'
import { ValueStore } from '../workspace/store'
import { fileKey } from './files'

export const pinKey = (docName: string, owner: string) => `${docName}|${owner}`

export type PinsDeps = {
  db: UserDb
  /** Opens a doc for reading (the sync engine's openDoc); release when done. */
  openDoc(name: string): Promise<{ doc: Y.Doc; release(): void }>
  /** The file's bytes: from this device, else fetched through the doc and kept (files.ts fetchFile). */
  fetchFile(docName: string, link: AttachmentLink): Promise<unknown>
}

export type PinsState = { pins: PinRow[]; keeping: boolean }

export class Pins extends ValueStore<PinsState> {
  private running: Promise<void> | null = null
  private again = false
  private closed = false

  constructor(private readonly deps: PinsDeps) {
    super({ pins: [], keeping: false })
  }

  /** Loads the pins, then keeps their files. */
  async start(): Promise<void> {
    await this.load()
    await this.keep()
  }

  isPinned(docName: string, owner: string): PinRow | null {
    return this.getSnapshot().pins.find((p) => p.key === pinKey(docName, owner)) ?? null
  }

  async pin(docName: string, owner: string, label: string): Promise<void> {
    const villageId = parseDocName(docName)?.villageId ?? ''
    const key = pinKey(docName, owner)
    await this.deps.db.transaction('rw', this.deps.db.pins, async () => {
      if (!(await this.deps.db.pins.get(key))) await this.deps.db.pins.put({ key, docName, owner, villageId, label, pinnedAt: Date.now(), files: [], here: 0, keptAt: null })
    })
    await this.load()
    await this.keep()
  }

  async unpin(docName: string, owner: string): Promise<void> {
    await this.deps.db.pins.delete(pinKey(docName, owner))
    await this.load()
  }

  /**
   * Fetches what every pin lacks; resolves when done. A call during a run asks for one more run
   * after it (a sync brought new links meanwhile), never for two at once.
   */
  keep(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      this.set({ ...this.getSnapshot(), keeping: true })
      try {
        do {
          this.again = false
          for (const pin of await this.deps.db.pins.toArray()) {
            if (this.closed) return
            await this.keepOne(pin)
          }
        } while (this.again && !this.closed)
      } finally {
        this.running = null
        if (!this.closed) {
          await this.load()
          this.set({ ...this.getSnapshot(), keeping: false })
        }
      }
    })()
    return this.running
  }

  /**
   * Removes this device's copies of files no pin holds, once the relay has them; returns how many
   * files and bytes were freed. Shown files of unpinned records are fetched again when shown.
   */
  async clearUnpinned(): Promise<{ files: number; bytes: number }> {
    const { db } = this.deps
    return db.transaction('rw', db.files, db.pins, db.outbox, async () => {
      const held = new Set<string>()
      for (const pin of await db.pins.toArray()) for (const sha of pin.files) held.add(fileKey(pin.villageId, sha))
      for (const act of await db.outbox.toArray()) {
        const payload = act.payload as { sha256?: unknown }
        if (act.kind === 'attachment.upload' && typeof payload?.sha256 === 'string') held.add(fileKey(act.villageId, payload.sha256))
      }
      const gone = (await db.files.toArray()).filter((f) => f.uploaded >= f.size && !held.has(f.key))
      await db.files.bulkDelete(gone.map((f) => f.key))
      return { files: gone.length, bytes: gone.reduce((sum, f) => sum + f.size, 0) }
    })
  }

  close(): void {
    this.closed = true
    this.clear()
  }

  private async keepOne(pin: PinRow): Promise<void> {
    let links: AttachmentLink[]
    let handle: { doc: Y.Doc; release(): void }
    try {
      handle = await this.deps.openDoc(pin.docName)
    } catch (error) {
      console.warn('a pinned doc could not be opened', pin.docName, error)
      return
    }
    try {
      links = attachmentLinks(handle.doc, pin.owner)
    } finally {
      handle.release()
    }
    for (const link of links) {
      try {
        await this.deps.fetchFile(pin.docName, link)
      } catch (error) {
        // Offline, or no access any more: the next run tries again; the others still come.
        console.warn('a pinned file could not be fetched now', link.sha256.slice(0, 12), error)
      }
    }
    const present = await this.deps.db.files.bulkGet(links.map((l) => fileKey(pin.villageId, l.sha256)))
    await this.deps.db.pins.update(pin.key, { files: links.map((l) => l.sha256), here: present.filter(Boolean).length, keptAt: Date.now() })
  }

  private async load(): Promise<void> {
    if (this.closed) return
    const pins = await this.deps.db.pins.orderBy('pinnedAt').toArray()
    this.set({ ...this.getSnapshot(), pins })
  }
}
