/** 拍照 and a file chooser side by side, as the notice and 张贴记录 forms offer them (a phone opens its camera for the first). */
import type { ChangeEvent } from 'react'
import type { NoticeAttachment } from '../../../shared/notices/row'
import { prepareFile, type PreparedFile } from '../../attachments/prepare'
import type { Workspace } from '../../workspace/workspace'

/**
 * Each picked file prepared on the device (photos smaller, without EXIF), kept, and its upload
 * queued for `docName`; `onKept` gets each link as it is kept, so a later failure loses none.
 * `refuse` may turn a file down with the reason (thrown).
 */
export async function keepPicked(workspace: Workspace, docName: string, list: FileList, onKept: (link: NoticeAttachment) => void, refuse?: (file: PreparedFile) => string | null): Promise<void> {
  for (const file of Array.from(list)) {
    const prepared = await prepareFile(file)
    const refusal = refuse?.(prepared)
    if (refusal) throw new Error(refusal)
    await workspace.attachFile(docName, prepared)
    onKept({ sha256: prepared.sha256, name: prepared.name, type: prepared.type, size: prepared.size })
  }
}

type Props = {
  testId: string
  /** What the chooser accepts (the camera always takes a photo). */
  accept: string
  chooseLabel: string
  busy: boolean
  onFiles(files: FileList | null): Promise<void>
}

export function FilePickers({ testId, accept, chooseLabel, busy, onFiles }: Props) {
  // The input is emptied afterwards, so the same file may be picked again.
  const pick = (e: ChangeEvent<HTMLInputElement>) => void onFiles(e.currentTarget.files).then(() => (e.target.value = ''))
  return (
    <div className="actions">
      <label className="button secondary">
        拍照
        <input type="file" accept="image/*" capture="environment" className="visually-hidden" disabled={busy} data-testid={`${testId}-camera`} onChange={pick} />
      </label>
      <label className="button secondary">
        {chooseLabel}
        <input type="file" accept={accept} multiple className="visually-hidden" disabled={busy} data-testid={`${testId}-file`} onChange={pick} />
      </label>
      {busy && <span className="muted">正在处理…</span>}
    </div>
  )
}
