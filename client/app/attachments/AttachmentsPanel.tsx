/**
 * A record's photos, scans and PDFs (issue #19): take a photo with the camera or pick a file;
 * it is prepared on the device (prepare.ts: 1600 px, no EXIF/GPS), kept in IndexedDB and linked
 * in the doc at once, and uploaded through the outbox when online — each file says 待上传 /
 * 上传中 n% / 已上传. A file this device lacks is fetched when shown, and kept. 离线保存 pins the
 * record: its files, also those other devices attach later, are fetched in the background and
 * kept for use with no network (client/attachments/pins.ts). Whoever may write the doc may 移除 a
 * file from the record, after a confirmation: the link goes on every device; the relay keeps the
 * bytes, so restoring the doc from 修改记录 brings it back.
 */
import { useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { formatFileSize, type AttachmentLink } from '../../../shared/api/attachments'
import { addAttachmentLink, attachmentLinks, ATTACHMENTS_ROOT, removeAttachmentLink } from '../../../shared/attachments/links'
import { fileKey } from '../../attachments/files'
import { prepareFile } from '../../attachments/prepare'
import type { FileRow } from '../../sync/db'
import { watchTable } from '../../sync/watchTable'
import type { Workspace } from '../../workspace/workspace'
import { errorText } from '../api/http'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { uploadActId } from '../../sync/outbox'

/** `label` names the record in the device's list of pinned records: no personal data (it is not sealed). */
type Props = { workspace: Workspace; villageId: string; docName: string; doc: Y.Doc; owner: string; label: string; canWrite: boolean }

const IMAGE = /^image\/(jpeg|png|webp|gif)$/

function useLinks(doc: Y.Doc, owner: string): AttachmentLink[] {
  const [links, setLinks] = useState(() => attachmentLinks(doc, owner))
  useEffect(() => {
    const root = doc.getMap(ATTACHMENTS_ROOT)
    const update = () => setLinks(attachmentLinks(doc, owner))
    update()
    root.observeDeep(update)
    return () => root.unobserveDeep(update)
  }, [doc, owner])
  return links
}

/** This device's rows of the village's files (progress of uploads), kept current. */
function useFileRows(workspace: Workspace, villageId: string): Map<string, Pick<FileRow, 'uploaded' | 'size'>> {
  const [rows, setRows] = useState(new Map<string, Pick<FileRow, 'uploaded' | 'size'>>())
  useEffect(() => {
    const db = workspace.engine.db
    let live = true
    const load = () =>
      db.files
        .where('villageId')
        .equals(villageId)
        .toArray()
        .then((list) => live && setRows(new Map(list.map((r) => [r.key, { uploaded: r.uploaded, size: r.size }]))))
        .catch((error: unknown) => console.error('reading attachment rows failed', error))
    void load()
    const stop = watchTable(db, 'files', () => void load())
    return () => {
      live = false
      stop()
    }
  }, [workspace, villageId])
  return rows
}

export function AttachmentsPanel({ workspace, villageId, docName, doc, owner, label, canWrite }: Props) {
  const links = useLinks(doc, owner)
  const rows = useFileRows(workspace, villageId)
  const outbox = useSyncExternalStore(workspace.outbox.subscribe, workspace.outbox.getSnapshot)
  const pins = useSyncExternalStore(workspace.pins.subscribe, workspace.pins.getSnapshot)
  const pinned = pins.pins.find((p) => p.docName === docName && p.owner === owner) ?? null
  const here = links.filter((l) => rows.has(fileKey(villageId, l.sha256))).length
  const togglePin = () => {
    setError(null)
    const change = pinned ? workspace.pins.unpin(docName, owner) : workspace.pins.pin(docName, owner, label)
    change.catch((e: unknown) => setError(`离线保存失败：${errorText(e)}`))
  }
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [removing, setRemoving] = useState<AttachmentLink | null>(null)

  const attach = async (files: FileList | null) => {
    if (!files?.length) return
    setBusy(true)
    setError(null)
    try {
      for (const file of Array.from(files)) {
        const prepared = await prepareFile(file)
        await workspace.attachFile(docName, prepared)
        addAttachmentLink(doc, owner, { sha256: prepared.sha256, name: prepared.name, type: prepared.type, size: prepared.size, takenAt: prepared.takenAt, addedAt: new Date().toISOString() })
      }
    } catch (e) {
      setError(`添加附件失败：${errorText(e)}`)
    } finally {
      setBusy(false)
    }
  }

  const state = (link: AttachmentLink): string => {
    const act = outbox.find((a) => a.id === uploadActId(docName, link.sha256))
    if (act?.state === 'failed') return `上传失败：${act.lastError ?? ''}`
    const row = rows.get(fileKey(villageId, link.sha256))
    if (act) return row && row.uploaded > 0 ? `上传中 ${Math.floor((row.uploaded / link.size) * 100)}%` : '待上传（联网后自动上传）'
    return row ? '已保存在本机' : ''
  }

  return (
    <section className="card attachments" data-testid="attachments">
      <div className="attachments-head">
        <h3>照片和附件</h3>
        <button type="button" className="secondary small" aria-pressed={pinned !== null} onClick={togglePin} data-testid="attachment-pin" title="离线保存：本记录的附件（包括以后别人添加的）联网时自动下载并保存在本机">
          {pinned ? '已离线保存 · 取消' : '离线保存'}
        </button>
      </div>
      {pinned && (
        <p className="muted small" data-testid="attachment-pin-state">
          {links.length === 0 ? '已离线保存：以后添加的附件会自动保存到本机' : here === links.length ? `已离线保存：${links.length} 个附件都在本机` : `已离线保存：${here}/${links.length} 个附件在本机${pins.keeping ? '，正在下载…' : '，联网后自动下载'}`}
        </p>
      )}
      {links.length === 0 && <p className="muted">还没有附件。</p>}
      <ul className="attachment-list">
        {links.map((link) => (
          <li key={link.sha256} data-testid="attachment" data-sha256={link.sha256}>
            <FilePreview workspace={workspace} docName={docName} link={link} />
            <div>
              <div>{link.name}</div>
              <div className="muted small">
                {formatFileSize(link.size)}
                {link.takenAt ? ` · 拍摄于 ${link.takenAt.replace('T', ' ').slice(0, 16)}` : ''}
                {' · '}
                <span data-testid="attachment-state">{state(link)}</span>
              </div>
            </div>
            {canWrite && (
              <button type="button" className="link small" onClick={() => setRemoving(link)} data-testid="attachment-remove">
                移除
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <div className="actions">
          <label className="button secondary">
            拍照
            <input type="file" accept="image/*" capture="environment" className="visually-hidden" disabled={busy} data-testid="attach-camera" onChange={(e) => void attach(e.currentTarget.files).then(() => (e.target.value = ''))} />
          </label>
          <label className="button secondary">
            选择文件
            <input type="file" accept="image/*,application/pdf" multiple className="visually-hidden" disabled={busy} data-testid="attach-file" onChange={(e) => void attach(e.currentTarget.files).then(() => (e.target.value = ''))} />
          </label>
          {busy && <span className="muted">正在处理…</span>}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title="从记录上移除这个附件？"
        statement={<p>“{removing?.name}”将不再显示在这条记录上，所有设备都会移除。文件仍保留在服务器上；在修改记录中恢复到移除之前，它会回来。</p>}
        confirmLabel="移除"
        testId="attachment-remove-confirm"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) removeAttachmentLink(doc, owner, removing.sha256)
          setRemoving(null)
        }}
      />
    </section>
  )
}

/** An image as a thumbnail (from this device, else fetched and kept); any other file as a link. */
export function FilePreview({ workspace, docName, link }: { workspace: Workspace; docName: string; link: Pick<AttachmentLink, 'sha256' | 'name' | 'type' | 'size'> }) {
  const [url, setUrl] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    let revoked = false
    let made: string | null = null
    workspace
      .fileBytes(docName, link)
      .then((bytes) => {
        if (revoked) return
        made = URL.createObjectURL(new Blob([bytes], { type: IMAGE.test(link.type) ? link.type : 'application/octet-stream' }))
        setUrl(made)
      })
      .catch((e: unknown) => !revoked && setFailed(errorText(e)))
    return () => {
      revoked = true
      if (made) URL.revokeObjectURL(made)
    }
  }, [workspace, docName, link])
  if (failed) return <span className="attachment-thumb muted small" title={failed}>暂不可用</span>
  if (!url) return <span className="attachment-thumb muted small">…</span>
  return IMAGE.test(link.type) ? (
    <a href={url} target="_blank" rel="noreferrer">
      <img className="attachment-thumb" src={url} alt={link.name} data-testid="attachment-image" />
    </a>
  ) : (
    <a className="attachment-thumb" href={url} download={link.name}>
      下载
    </a>
  )
}
