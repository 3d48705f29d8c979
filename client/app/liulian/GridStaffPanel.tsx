/**
 * 网格员公示 (shared/liulian/gridStaff.ts, seed 003 上岗公示制度): for a grid, its 四至 and the staff
 * the village publishes — 姓名, 职务, 分工 and a phone given for the public page — and the village's
 * 监督电话. Written to the 六联 doc, so a cadre fills it in offline and two devices merge; the
 * public 网格员公示 page, its A4 公示牌 and the grid's 服务联系卡 read it from the relay. A person's
 * photo is taken or picked here, made a 600 px JPEG on the device, kept and uploaded like any
 * attachment (the outbox), and shows on the public page once it is on the relay.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { attachmentLinks } from '../../../shared/attachments/links'
import { docName } from '../../../shared/docNames'
import type { AttachmentLink } from '../../../shared/api/attachments'
import { GRID_MAP_OWNER, PUBLIC_IMAGE_TYPES, putStaff, readBoardInfo, readGridMap, readGridStaff, removeStaff, setBoardInfo, setGridMap, setStaffPhoto, staffPhotoOwner, STAFF_TITLES, type PublicImage, type Staff, type StaffInput } from '../../../shared/liulian/gridStaff'
import { readGridBoards, setGridBoard } from '../../../shared/liulian/liulianDoc'
import { prepareFile } from '../../attachments/prepare'
import type { Workspace } from '../../workspace/workspace'
import { errorText } from '../api/http'
import { FilePreview } from '../attachments/AttachmentsPanel'
import { Outcome } from '../components/Outcome'
import { GridChoice } from './GridChoice'
import { TextField } from '../components/TextField'
import type { FormErrors } from '../formErrors'

const BLANK: StaffInput = { name: '', title: '网格员', duties: '', phone: '' }

/** A portrait on a phone's page is about 72×96 px: 600 px is plenty for print, and light on a village's data plan. */
const PHOTO_LONG_SIDE = 600

type EditorProps = { grid: { id: string; name: string }; doc: Y.Doc; villageId: string; workspace: Workspace }

export function GridStaffPanel({ grids, doc, villageId, workspace }: { grids: { id: string; name: string }[]; doc: Y.Doc; villageId: string; workspace: Workspace }) {
  const [gridId, setGridId] = useState(grids.length === 1 ? grids[0]!.id : '')
  const grid = grids.find((g) => g.id === gridId)
  return (
    <details data-testid="grid-staff">
      <summary>网格员公示：网格分布图、四至、网格员和联系电话</summary>
      <p className="muted small">
        这里填写的姓名、职务、分工和联系电话会在网上公示（
        <a href={`/public/${villageId}/grids`} target="_blank" rel="noreferrer">
          网格员公示页
        </a>
        ），并印在公示牌和服务联系卡上。请填写工作用的电话，照片用本人同意公示的工作照；村民的信息不要填在这里。
      </p>
      <GridMap doc={doc} villageId={villageId} workspace={workspace} />
      <GridChoice label="网格" grids={grids} value={gridId} onChange={setGridId} testId="grid-staff-grid" />
      {grid && <GridStaffEditor key={grid.id} grid={grid} doc={doc} villageId={villageId} workspace={workspace} />}
      <SupervisionForm doc={doc} />
      <p>
        <a href={`/public/${villageId}/grids/print`} target="_blank" rel="noreferrer" data-testid="grid-staff-print">
          打印网格员公示牌（A4）
        </a>
      </p>
    </details>
  )
}

function GridStaffEditor({ grid, doc, villageId, workspace }: EditorProps) {
  const board = readGridBoards(doc).get(grid.id) ?? { bounds: '', staff: '' }
  const staff = readGridStaff(doc).get(grid.id) ?? []
  const [bounds, setBounds] = useState(board.bounds)
  const [editing, setEditing] = useState<Staff | null>(null)
  const [draft, setDraft] = useState<StaffInput>(BLANK)
  const [errors, setErrors] = useState<FormErrors>({})
  const [removing, setRemoving] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const edit = (s: Staff | null) => {
    setEditing(s)
    setDraft(s ? { name: s.name, title: s.title, duties: s.duties, phone: s.phone } : BLANK)
    setErrors({})
  }
  return (
    <div data-testid="grid-staff-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setGridBoard(doc, grid.id, { bounds, staff: board.staff })
          setDone(`已保存${grid.name}的四至`)
        }}
      >
        <label>
          四至 <input value={bounds} onChange={(e) => setBounds(e.target.value)} maxLength={200} placeholder="东至… 南至… 西至… 北至…" data-testid="grid-staff-bounds" />
        </label>
        <p className="actions">
          <button type="submit" className="secondary">
            保存四至
          </button>
        </p>
      </form>
      <h3>{grid.name}的网格员</h3>
      {staff.length === 0 && <p className="muted">尚未登记。{board.staff && `原填写的网格员：${board.staff}（逐人登记后以登记为准）`}</p>}
      <ul className="plain staff-list" data-testid="grid-staff-list">
        {staff.map((s) => (
          <li key={s.id}>
            <StaffPhoto person={s} grid={grid} doc={doc} villageId={villageId} workspace={workspace} onDone={setDone} />
            <strong>{s.name}</strong>（{s.title}）{s.duties && ` · ${s.duties}`} · {s.phone}{' '}
            <button type="button" className="link" onClick={() => edit(s)}>
              修改
            </button>{' '}
            {removing === s.id ? (
              <button type="button" className="link danger" onClick={() => (removeStaff(doc, grid.id, s.id), setRemoving(null), setDone(`已移除${s.name}，公示页不再显示`), editing?.id === s.id && edit(null))} data-testid="grid-staff-remove-confirm">
                确认移除
              </button>
            ) : (
              <button type="button" className="link" onClick={() => setRemoving(s.id)}>
                移除
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const result = putStaff(doc, grid.id, draft, editing?.id)
          if (!result.ok) return setErrors(result.errors as FormErrors)
          setDone(editing ? `已保存${result.value.name}的修改` : `已添加${result.value.name}，公示页联网后更新`)
          edit(null)
        }}
        noValidate
      >
        <h3>{editing ? `修改${editing.name}` : '添加网格员'}</h3>
        <TextField label="姓名" value={draft.name} onChange={(name) => setDraft({ ...draft, name })} error={errors.name} maxLength={20} testId="grid-staff-name" />
        <label>
          职务
          <select value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value as StaffInput['title'] })} data-testid="grid-staff-title">
            {STAFF_TITLES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <TextField label="分工和工作内容（选填）" value={draft.duties} onChange={(duties) => setDraft({ ...draft, duties })} error={errors.duties} maxLength={60} placeholder="如 负责一组、二组入户走访" testId="grid-staff-duties" />
        <TextField label="联系电话（网上公示）" value={draft.phone} onChange={(phone) => setDraft({ ...draft, phone })} error={errors.phone} inputMode="tel" testId="grid-staff-phone" />
        <p className="actions">
          <button type="submit" data-testid="grid-staff-save">
            {editing ? '保存修改' : '添加'}
          </button>
          {editing && (
            <button type="button" className="secondary" onClick={() => edit(null)}>
              取消
            </button>
          )}
        </p>
      </form>
      <Outcome error={null} done={done} />
      {staff.length > 0 && (
        <p>
          <a href={`/public/${villageId}/grids/${grid.id}/cards`} target="_blank" rel="noreferrer">
            打印{grid.name}服务联系卡（每张 A4 八张）
          </a>
        </p>
      )}
    </div>
  )
}

/** A person's photo: the thumbnail, and 添加照片 / 更换照片 / 去掉照片. */
function StaffPhoto({ person, grid, doc, villageId, workspace, onDone }: EditorProps & { person: Staff; onDone: (done: string) => void }) {
  return (
    <ImagePicker
      doc={doc}
      villageId={villageId}
      workspace={workspace}
      owner={staffPhotoOwner(grid.id, person.id)}
      current={person.photo}
      longSide={PHOTO_LONG_SIDE}
      what="照片"
      set={(link) => setStaffPhoto(doc, grid.id, person.id, link)}
      done={(set) => onDone(set ? `已设置${person.name}的照片；上传到服务器后公示页显示` : `已去掉${person.name}的照片，公示页不再显示`)}
      testId="staff-photo"
    />
  )
}

/** The village's 网格分布图: a photo or scan of the map on the wall, kept at full 1600 px so its lines stay readable. */
function GridMap({ doc, villageId, workspace }: Omit<EditorProps, 'grid'>) {
  const [done, setDone] = useState<string | null>(null)
  return (
    <div className="grid-map" data-testid="grid-map">
      <h3>网格分布图</h3>
      <p className="muted small">拍下或扫描村里的网格分布图，公示页会显示在最上方。</p>
      <ImagePicker
        doc={doc}
        villageId={villageId}
        workspace={workspace}
        owner={GRID_MAP_OWNER}
        current={readGridMap(doc)}
        what="分布图"
        set={(link) => setGridMap(doc, link)}
        done={(set) => setDone(set ? '已设置网格分布图；上传到服务器后公示页显示' : '已去掉网格分布图，公示页不再显示')}
        testId="grid-map-image"
      />
      <Outcome error={null} done={done} />
    </div>
  )
}

type ImagePickerProps = {
  doc: Y.Doc
  villageId: string
  workspace: Workspace
  owner: string
  current: PublicImage | null
  longSide?: number
  what: string
  set: (link: AttachmentLink | null) => { ok: true } | { ok: false; errors: Partial<Record<string, string>> }
  done: (set: boolean) => void
  testId: string
}

/**
 * One published image: its thumbnail, 添加 / 更换 / 去掉. Made on the device (prepareFile), kept
 * and uploaded through the outbox like any attachment, offline too.
 */
function ImagePicker({ doc, villageId, workspace, owner, current, longSide, what, set, done, testId }: ImagePickerProps) {
  const name = docName({ kind: 'liulian', villageId })
  const link = current ? attachmentLinks(doc, owner).find((l) => l.sha256 === current.sha256) : undefined
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const take = async (files: FileList | null) => {
    const file = files?.[0]
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const prepared = await prepareFile(file, longSide)
      if (!PUBLIC_IMAGE_TYPES.has(prepared.type)) return setError(`${what}须是 JPG、PNG 或 WebP 图片`)
      await workspace.attachFile(name, prepared)
      const result = set({ sha256: prepared.sha256, name: prepared.name, type: prepared.type, size: prepared.size, takenAt: prepared.takenAt, addedAt: new Date().toISOString() })
      if (!result.ok) return setError(Object.values(result.errors)[0] ?? `${what}没有保存`)
      done(true)
    } catch (e) {
      setError(`${what}没有添加：${errorText(e)}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="image-picker" data-testid={testId}>
      {link ? <FilePreview workspace={workspace} docName={name} link={link} /> : <span className="attachment-thumb muted small">无{what}</span>}
      <label className="button secondary small">
        {busy ? '正在处理…' : link ? `更换${what}` : `添加${what}`}
        <input type="file" accept="image/*" className="visually-hidden" disabled={busy} data-testid={`${testId}-file`} onChange={(e) => void take(e.currentTarget.files).then(() => (e.target.value = ''))} />
      </label>
      {link && (
        <button type="button" className="link small" onClick={() => (set(null), done(false))} data-testid={`${testId}-remove`}>
          去掉{what}
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}

function SupervisionForm({ doc }: { doc: Y.Doc }) {
  const info = readBoardInfo(doc)
  const [draft, setDraft] = useState(info)
  const [errors, setErrors] = useState<FormErrors>({})
  const [done, setDone] = useState<string | null>(null)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        const result = setBoardInfo(doc, draft)
        if (!result.ok) return (setErrors(result.errors as FormErrors), setDone(null))
        setErrors({})
        setDraft(result.value)
        setDone(result.value.supervisionPhone ? '已保存监督电话' : '已清除监督电话，公示页不再显示')
      }}
      noValidate
    >
      <h3>监督电话</h3>
      <TextField label="监督电话" value={draft.supervisionPhone} onChange={(supervisionPhone) => setDraft({ ...draft, supervisionPhone })} error={errors.supervisionPhone} inputMode="tel" placeholder="如 0954-1234567 或 12345" testId="supervision-phone" />
      <TextField label="受理单位（选填）" value={draft.supervisionUnit} onChange={(supervisionUnit) => setDraft({ ...draft, supervisionUnit })} error={errors.supervisionUnit} maxLength={30} placeholder="如 镇纪委、村务监督委员会" testId="supervision-unit" />
      <p className="actions">
        <button type="submit" className="secondary" data-testid="supervision-save">
          保存监督电话
        </button>
      </p>
      <Outcome error={null} done={done} />
    </form>
  )
}
