/**
 * Writes one public notice. What is published is exactly what the cadre types here — nothing is
 * pulled from ledger or sensitive docs. Pressing publish gives the notice its id and queues it in
 * the outbox, so it goes out now or as soon as the device is online, and only once.
 *
 * Photos, scans and PDFs (拍照 / 选择文件) are prepared and kept on the device and uploaded through
 * the outbox like any record's files (AttachmentsPanel), for the village's decisions doc, which the
 * relay requires of a notice's files. The notice carries them in its hash, so it is queued behind
 * their uploads (the outbox's `after`): offline too, it goes out by itself once they are on the relay.
 */
import { useState, useSyncExternalStore, type FormEvent } from 'react'
import { formatFileSize } from '../../../shared/api/attachments'
import { docName as nameOfDoc } from '../../../shared/docNames'
import type { NoticeAttachment } from '../../../shared/notices/row'
import type { Workspace } from '../../workspace/workspace'
import { FilePreview } from '../attachments/AttachmentsPanel'
import { uploadActId } from '../../sync/outbox'
import { FilePickers, keepPicked } from './FilePickers'
import { useSyncState } from '../hooks/useSyncState'
import { publishNoticeRequestSchema, type PublishNoticeRequest } from '../../../shared/api/notices'
import { newId } from '../../../shared/ids'
import { addDays, shanghaiDate } from '../../../shared/civilDate'
import { NOTICE_KIND_LABELS, type NoticeKind } from '../../../shared/notices/kinds'
import { errorText } from '../api/http'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { TextField } from '../components/TextField'
import { focusFirstError } from '../focusFirstError'
import { errorsFromZod, type FormErrors } from '../formErrors'
import type { DecisionsContext } from './context'

/** Default publicity period in days (组织法 names none; villages commonly post for 7 days). */
const DEFAULT_PERIOD_DAYS = 7

type FileState = 'uploaded' | 'pending' | 'failed'

type Props = {
  /** Only what publishing needs, so a notice composed elsewhere (办结公示 in the ledger) goes the same way. */
  ctx: Pick<DecisionsContext, 'villageId' | 'outbox' | 'notices'> & { workspace?: Workspace }
  kinds: readonly NoticeKind[]
  decisionId?: string
  initialTitle?: string
  initialBody?: string
  submitLabel: string
  /** Runs with the notice id before it is queued (a decision records its step fact here). */
  beforeQueue?(noticeId: string, date: string): void
  /** Why a notice dated so, or saying this, may not go out (a decision's rules; personal data), checked before asking to confirm. */
  refusal?(date: string, body: string): string | null
  testId: string
}

export function NoticeForm({ ctx, kinds, decisionId, initialTitle = '', initialBody = '', submitLabel, beforeQueue, refusal, testId }: Props) {
  const today = shanghaiDate()
  const initial = { kind: kinds[0] ?? 'village_affairs', title: initialTitle, body: initialBody, periodFrom: today, periodTo: addDays(today, DEFAULT_PERIOD_DAYS), correctionOf: '' }
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  const [sent, setSent] = useState(false)
  const [pending, setPending] = useState<PublishNoticeRequest | null>(null)
  const set = (key: keyof typeof initial, value: string) => setValues((v) => ({ ...v, [key]: value }))
  const [files, setFiles] = useState<NoticeAttachment[]>([])
  const [preparing, setPreparing] = useState(false)
  const online = useSyncState(ctx.workspace ?? null).online
  const acts = useSyncExternalStore(ctx.outbox.subscribe, ctx.outbox.getSnapshot)
  const docName = nameOfDoc({ kind: 'decisions', villageId: ctx.villageId })
  const fileState = (sha256: string): { state: FileState; error?: string | null } => {
    const act = acts.find((a) => a.id === uploadActId(docName, sha256))
    if (!act) return { state: 'uploaded' }
    return act.state === 'failed' ? { state: 'failed', error: act.lastError } : { state: 'pending' }
  }
  const anyFailed = files.some((f) => fileState(f.sha256).state === 'failed')

  const attach = async (list: FileList | null) => {
    const workspace = ctx.workspace
    if (!list?.length || !workspace) return
    setPreparing(true)
    setErrors(({ attachments: _a, form: _f, ...rest }) => rest)
    try {
      await keepPicked(workspace, docName, list, (file) => setFiles((fs) => (fs.some((f) => f.sha256 === file.sha256) ? fs : [...fs, file])))
    } catch (e) {
      setErrors((er) => ({ ...er, attachments: `添加附件失败：${errorText(e)}` }))
    } finally {
      setPreparing(false)
    }
  }

  // Checked first, then confirmed: publishing cannot be undone.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = e.currentTarget
    const parsed = publishNoticeRequestSchema.safeParse({ ...values, id: newId(), decisionId: decisionId ?? null, correctionOf: values.correctionOf ? Number(values.correctionOf) : null, attachments: files })
    if (!parsed.success) {
      setErrors(errorsFromZod(parsed.error))
      focusFirstError(form)
      return
    }
    const refused = refusal?.(parsed.data.periodFrom, parsed.data.body)
    if (refused) {
      setErrors({ form: refused })
      focusFirstError(form)
      return
    }
    if (anyFailed) {
      setErrors({ form: '有附件上传失败，请先移除它，再重新添加' })
      return
    }
    setErrors({})
    setPending(parsed.data)
  }

  const publish = async (request: PublishNoticeRequest) => {
    setPending(null)
    try {
      beforeQueue?.(request.id, request.periodFrom)
      // Behind the uploads of its files still queued here: it goes once they are on the relay.
      const after = files.map((f) => uploadActId(docName, f.sha256)).filter((id) => acts.some((a) => a.id === id))
      await ctx.outbox.enqueue({ id: request.id, kind: 'notice.publish', villageId: ctx.villageId, payload: request, ...(after.length ? { after } : {}) })
      setErrors({})
      setValues(initial)
      setFiles([])
      setSent(true)
    } catch (error) {
      setErrors({ form: errorText(error, '没能保存到本机，请重试') })
    }
  }

  return (
    <form className="card notice-form" data-testid={testId} onSubmit={onSubmit} noValidate>
      {kinds.length > 1 && (
        <div className="field">
          <label htmlFor={`${testId}-kind`}>公开类别</label>
          <select id={`${testId}-kind`} data-testid={`${testId}-kind`} value={values.kind} onChange={(e) => set('kind', e.target.value)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {NOTICE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField label="公告标题" value={values.title} onChange={(v) => set('title', v)} error={errors.title} testId={`${testId}-title`} />
      <div className="field">
        <label htmlFor={`${testId}-body`}>公告内容</label>
        <textarea id={`${testId}-body`} data-testid={`${testId}-body`} rows={initialBody ? 12 : 6} value={values.body} onChange={(e) => set('body', e.target.value)} aria-invalid={errors.body ? true : undefined} />
        <p className="muted hint">只填写需要公开的内容；不要写身份证号、住址等个人信息。可用空行分段。</p>
        {errors.body && <p className="error">{errors.body}</p>}
      </div>
      <div className="form-grid">
        <TextField label="公示开始" type="date" value={values.periodFrom} onChange={(v) => set('periodFrom', v)} error={errors.periodFrom} testId={`${testId}-from`} />
        <TextField label="公示结束" type="date" value={values.periodTo} onChange={(v) => set('periodTo', v)} error={errors.periodTo} testId={`${testId}-to`} />
      </div>
      {ctx.workspace && (
        <div className="field attachments" data-testid={`${testId}-files`}>
          <span className="label">照片和附件（可选，随公告公开）</span>
          {files.length > 0 && (
            <ul className="attachment-list">
              {files.map((f) => {
                const { state, error } = fileState(f.sha256)
                return (
                  <li key={f.sha256} data-testid="notice-attachment" data-sha256={f.sha256}>
                    <FilePreview workspace={ctx.workspace!} docName={docName} link={f} />
                    <div>
                      <div>{f.name}</div>
                      <div className="muted small">
                        {formatFileSize(f.size)} ·{' '}
                        <span data-testid="notice-attachment-state" className={state === 'failed' ? 'error' : undefined}>
                          {state === 'uploaded' ? '已上传' : state === 'failed' ? `上传失败：${error ?? ''}` : online ? '上传中…' : '待上传（联网后自动上传）'}
                        </span>
                      </div>
                    </div>
                    <button type="button" className="secondary small" onClick={() => setFiles((fs) => fs.filter((x) => x.sha256 !== f.sha256))}>
                      移除
                    </button>
                  </li>
                )
              })}
            </ul>
          )}
          <FilePickers testId={testId} accept="image/*,application/pdf" chooseLabel="选择文件" busy={preparing} onFiles={attach} />
          <p className="muted hint">照片会在本机缩小并去掉拍摄地点等信息。没有网络也可以发布：公告保存在本机，附件上传完成后自动发布。</p>
          {errors.attachments && <p className="error">{errors.attachments}</p>}
        </div>
      )}
      {!decisionId && ctx.notices && ctx.notices.length > 0 && (
        <div className="field">
          <label htmlFor={`${testId}-corrects`}>更正以前的公告（可选）</label>
          <select id={`${testId}-corrects`} value={values.correctionOf} onChange={(e) => set('correctionOf', e.target.value)}>
            <option value="">不是更正</option>
            {ctx.notices.map((n) => (
              <option key={n.id} value={n.seq}>
                第 {n.seq} 号 {n.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {errors.decisionId && <p className="error">{errors.decisionId}</p>}
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <p className="muted hint">公告发布后不能修改或删除；如有错误，请发布更正公告。</p>
      <button type="submit" className="primary" disabled={preparing} data-testid={`${testId}-submit`}>
        {submitLabel}
      </button>
      {sent && <p className="ok">已提交发布。</p>}
      <ConfirmDialog
        open={pending !== null}
        title={submitLabel}
        statement={
          <>
            <p>「{pending?.title}」发布后会出现在村务公开栏，村民扫码就能看到{files.length > 0 ? `，连同 ${files.length} 个附件` : ''}。</p>
            <p>
              <strong>发布后不能修改，也不能删除。</strong>如有错误，只能再发布一条更正公告，原公告仍会保留。
            </p>
          </>
        }
        confirmLabel="确认发布"
        onCancel={() => setPending(null)}
        onConfirm={() => pending && void publish(pending)}
        testId={`${testId}-confirm`}
      />
    </form>
  )
}
