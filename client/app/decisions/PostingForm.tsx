/**
 * 登记张贴: records that a published notice went up on a wall — the day, where, photos of it
 * there (DOMAIN.md story 9, §3.5 `photoEvidence`). Made where the board is, so it works offline:
 * the photos are kept on the device and uploaded through the outbox, and the record is queued
 * behind them (`after`), so it goes out by itself once they are on the relay. Once recorded it is
 * public under the notice and cannot be changed, like the notice.
 */
import { useState, type FormEvent } from 'react'
import { recordPostingRequestSchema, splitPlaces, type RecordPostingRequest } from '../../../shared/api/notices'
import { shanghaiDate } from '../../../shared/civilDate'
import { docName as nameOfDoc } from '../../../shared/docNames'
import { newId } from '../../../shared/ids'
import type { NoticeAttachment, NoticeRow } from '../../../shared/notices/row'
import type { PostingPayload } from '../../workspace/acts'
import { FilePreview } from '../attachments/AttachmentsPanel'
import { uploadActId } from '../../sync/outbox'
import { FilePickers, keepPicked } from './FilePickers'
import { errorText } from '../api/http'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { TextField } from '../components/TextField'
import { focusFirstError } from '../focusFirstError'
import { errorsFromZod, type FormErrors } from '../formErrors'
import type { DecisionsContext } from './context'

type Props = { ctx: Pick<DecisionsContext, 'villageId' | 'outbox' | 'workspace'>; notice: NoticeRow; onDone(): void }

export function PostingForm({ ctx, notice, onDone }: Props) {
  const today = shanghaiDate()
  const [postedOn, setPostedOn] = useState(today)
  const [places, setPlaces] = useState('')
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<NoticeAttachment[]>([])
  const [preparing, setPreparing] = useState(false)
  const [errors, setErrors] = useState<FormErrors>({})
  const [pending, setPending] = useState<RecordPostingRequest | null>(null)
  const docName = nameOfDoc({ kind: 'decisions', villageId: ctx.villageId })
  const testId = `posting-${notice.seq}`
  /** A field's error goes once the field is changed. */
  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value)
    setErrors(({ [field]: _gone, ...rest }) => rest)
  }

  const attach = async (list: FileList | null) => {
    if (!list?.length) return
    setPreparing(true)
    setErrors(({ photos: _p, ...rest }) => rest)
    try {
      const keep = (photo: NoticeAttachment) => setPhotos((ps) => (ps.some((p) => p.sha256 === photo.sha256) ? ps : [...ps, photo]))
      await keepPicked(ctx.workspace, docName, list, keep, (file) => (file.type.startsWith('image/') ? null : `「${file.name}」不是照片`))
    } catch (e) {
      setErrors((er) => ({ ...er, photos: `添加照片失败：${errorText(e)}` }))
    } finally {
      setPreparing(false)
    }
  }

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = e.currentTarget
    const parsed = recordPostingRequestSchema.safeParse({ id: newId(), postedOn, places: splitPlaces(places), note, photos })
    const published = shanghaiDate(new Date(notice.publishedAt))
    const found: FormErrors = parsed.success ? {} : errorsFromZod(parsed.error)
    if (parsed.success && postedOn < published) found.postedOn = `张贴日期不能早于公告发布的日期（${published}）`
    if (parsed.success && postedOn > today) found.postedOn = '张贴日期不能晚于今天'
    if (!parsed.success || Object.keys(found).length) {
      setErrors(found)
      focusFirstError(form)
      return
    }
    setErrors({})
    setPending(parsed.data)
  }

  const record = async (request: RecordPostingRequest) => {
    setPending(null)
    try {
      const payload: PostingPayload = { seq: notice.seq, request }
      await ctx.outbox.enqueue({ id: request.id, kind: 'notice.posting', villageId: ctx.villageId, payload, after: request.photos.map((p) => uploadActId(docName, p.sha256)) })
      onDone()
    } catch (error) {
      setErrors({ form: errorText(error, '没能保存到本机，请重试') })
    }
  }

  return (
    <form className="card posting-form" data-testid={testId} onSubmit={onSubmit} noValidate>
      <h4>登记第 {notice.seq} 号公告的张贴</h4>
      <TextField label="张贴日期" type="date" value={postedOn} max={today} onChange={edit('postedOn', setPostedOn)} error={errors.postedOn} testId={`${testId}-date`} />
      <TextField label="张贴地点" value={places} onChange={edit('places', setPlaces)} error={errors.places} placeholder="如：村委会公开栏、第一村民小组活动室" testId={`${testId}-places`} />
      <div className="field attachments">
        <span className="label">张贴照片（至少一张，拍下贴在墙上的公告）</span>
        {photos.length > 0 && (
          <ul className="attachment-list">
            {photos.map((p) => (
              <li key={p.sha256} data-testid="posting-photo">
                <FilePreview workspace={ctx.workspace} docName={docName} link={p} />
                <div>{p.name}</div>
                <button type="button" className="secondary small" onClick={() => setPhotos((ps) => ps.filter((x) => x.sha256 !== p.sha256))}>
                  移除
                </button>
              </li>
            ))}
          </ul>
        )}
        <FilePickers testId={testId} accept="image/*" chooseLabel="选择照片" busy={preparing} onFiles={attach} />
        {errors.photos && (
          <p className="error" data-testid={`${testId}-photos-error`}>
            {errors.photos}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${testId}-note`}>说明（可选）</label>
        <textarea id={`${testId}-note`} data-testid={`${testId}-note`} rows={2} value={note} onChange={(e) => edit('note', setNote)(e.target.value)} />
        <p className="muted hint">地点和说明会公开：写公开栏的位置，不要写村民姓名、门牌号等个人信息；照片只拍公告，避开路过的人。</p>
        {errors.note && <p className="error">{errors.note}</p>}
      </div>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <p className="muted hint">没有网络也可以登记：照片和记录保存在本机，联网后自动上传。登记后公开在公告下，不能修改或删除。</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={preparing} data-testid={`${testId}-submit`}>
          登记张贴
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          取消
        </button>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title="登记张贴"
        statement={
          <>
            <p>
              第 {notice.seq} 号公告「{notice.title}」{pending?.postedOn} 张贴于 {pending?.places.join('、')}，连同 {pending?.photos.length} 张照片，会公开在这条公告下。
            </p>
            <p>
              <strong>登记后不能修改，也不能删除。</strong>
            </p>
          </>
        }
        confirmLabel="确认登记"
        onCancel={() => setPending(null)}
        onConfirm={() => pending && void record(pending)}
        testId={`${testId}-confirm`}
      />
    </form>
  )
}
