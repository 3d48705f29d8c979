/**
 * 导入户籍表: pick a grid and an .xlsx (or CSV) file; columns the rules do not know must be mapped
 * (or set to 不导入) first, and the choice is remembered for the village; the preview
 * (shared/ledger/importRows.ts) shows for every sheet row what will be written — household, head,
 * address, grid, person, relation, normalised ID number and phone, flags — or why not. Nothing is
 * written until 确认导入, and then only the valid rows, in batches (applyImport.ts).
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { applyImport, type ApplyResult } from '../../../shared/ledger/applyImport'
import { maskIdNumber } from '../../../shared/ledger/idNumber'
import { MAPPING_CHOICES, SKIP, type SavedMappings } from '../../../shared/ledger/importColumns'
import { rememberMappings, savedMappings } from '../../../shared/ledger/importMappings'
import { previewImport, type ImportPreview, type PreviewRow, type RowStatus } from '../../../shared/ledger/importRows'
import type { Sheet } from '../../../shared/ledger/spreadsheet'

type Props = {
  grids: { id: string; name: string; code: string }[]
  docs: ReadonlyMap<string, Y.Doc>
  /** Sensitive docs the user may write: care categories (低保 …) go there, and nowhere else. */
  sensitiveDocs: ReadonlyMap<string, Y.Doc>
  meta: Y.Doc | null
  actor: { id: string; name: string }
  today: string
  onClose(): void
}

type Stage =
  | { step: 'pick' }
  | { step: 'reading'; fileName: string }
  | { step: 'loaded'; fileName: string; sheet: Sheet }
  | { step: 'applying'; fileName: string; done: number; total: number }
  | { step: 'done'; fileName: string; result: ApplyResult }

export const STATUS_LABELS: Record<RowStatus, string> = { new: '新增', changed: '更新', unchanged: '无变化', invalid: '有错误', duplicate: '重复', skipped: '跳过' }
const STATUS_ORDER: readonly RowStatus[] = ['new', 'changed', 'unchanged', 'invalid', 'duplicate', 'skipped']
const SHOWN_ROWS = 200

export function ImportPanel({ grids, docs, sensitiveDocs, meta, actor, today, onClose }: Props) {
  const [gridId, setGridId] = useState(grids[0]?.id ?? '')
  const [stage, setStage] = useState<Stage>({ step: 'pick' })
  const [error, setError] = useState('')
  const [choices, setChoices] = useState<Record<string, string>>({})
  const writable = useMemo(() => grids.filter((g) => docs.has(g.id)), [grids, docs])
  useEffect(() => {
    if (!writable.some((g) => g.id === gridId) && writable[0]) setGridId(writable[0].id)
  }, [writable, gridId])

  const sheet = stage.step === 'loaded' ? stage.sheet : null
  // Keyed by content: a caller re-creating the grids array each render must not re-run the preview.
  const gridsKey = grids.map((g) => `${g.id}\u0000${g.name}\u0000${g.code}`).join('\n')
  const result = useMemo(() => {
    if (!sheet) return null
    const saved: SavedMappings = { ...savedMappings(meta), ...choices }
    return previewImport(sheet.rows, { grids, docs, sensitiveDocs, defaultGridId: gridId || null, today, saved, hidden: sheet.hidden, filled: sheet.filled })
  }, [sheet, gridsKey, docs, sensitiveDocs, meta, choices, gridId, today])

  async function readFile(file: File) {
    setError('')
    setChoices({})
    setStage({ step: 'reading', fileName: file.name })
    try {
      const { readSpreadsheet } = await import('../../../shared/ledger/spreadsheet')
      const read = await readSpreadsheet(file.name, await file.arrayBuffer())
      // For bench/ledgerImport.ts: read and preview timed apart.
      performance.mark('cunwu:import-read')
      if (!read.ok) {
        setError(read.error)
        setStage({ step: 'pick' })
        return
      }
      // The first sheet with a header row we know; else the first, whose preview says what is missing.
      const found = read.sheets.find((s) => previewImport(s.rows.slice(0, 40), { grids: [], docs: new Map(), defaultGridId: null, today }).ok) ?? read.sheets[0]!
      setStage({ step: 'loaded', fileName: file.name, sheet: found })
    } catch (err) {
      console.error('reading the import file failed', err)
      setError('无法读取这个文件，请确认它是 Excel（.xlsx）或 CSV 文件，且没有被其他程序占用。')
      setStage({ step: 'pick' })
    }
  }

  async function confirm(preview: ImportPreview, fileName: string) {
    if (meta && Object.keys(choices).length) rememberMappings(meta, choices)
    setStage({ step: 'applying', fileName, done: 0, total: 1 })
    try {
      const applied = await applyImport(preview, docs, actor, new Date().toISOString(), { sensitiveDocs, onProgress: (done, total) => setStage({ step: 'applying', fileName, done, total }) })
      setStage({ step: 'done', fileName, result: applied })
    } catch (err) {
      console.error('import failed', err)
      setError('写入台账时出错，已写入的部分会保留，可以重新导入同一文件补全（不会重复）。')
      setStage({ step: 'pick' })
    }
  }

  const preview = stage.step === 'loaded' && result?.ok ? result.preview : null
  const unresolved = preview ? preview.unmapped.length : 0
  return (
    <section className="card import-panel" data-testid="import-panel">
      <h3>导入户籍表（户和人员）</h3>
      <p className="hint">每行一人；表头上方的标题、填报单位、日期行和表尾的制表人、审核人会自动跳过。按身份证号识别已有人员，重复导入不会产生重复记录；空白单元格不会清除已有内容。</p>
      <div className="inline-form">
        <label className="field">
          <span>导入到网格（表中有“网格”列时按该列）</span>
          <select value={gridId} onChange={(e) => setGridId(e.target.value)} disabled={stage.step === 'applying'}>
            {writable.map((g) => (
              <option key={g.id} value={g.id}>
                {g.code ? `${g.code} ` : ''}
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>选择文件（.xlsx 或 .csv）</span>
          <input
            type="file"
            accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            disabled={stage.step === 'reading' || stage.step === 'applying'}
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) void readFile(file)
              e.target.value = ''
            }}
          />
        </label>
      </div>
      {writable.length === 0 && <p className="error">没有可以写入的网格台账（台账尚未打开或无编辑权限）。</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {stage.step === 'reading' && <p className="muted">正在读取 {stage.fileName}…</p>}
      {stage.step === 'loaded' && result && !result.ok && (
        <p className="error" role="alert">
          {stage.fileName}：{result.error}
        </p>
      )}
      {preview && stage.step === 'loaded' && (
        <>
          {(preview.unmapped.length > 0 || Object.keys(choices).length > 0) && (
            <ColumnMapping preview={preview} choices={choices} onChoose={(key, id) => setChoices((c) => ({ ...c, [key]: id }))} />
          )}
          <PreviewView preview={preview} fileName={stage.fileName} />
        </>
      )}
      {stage.step === 'applying' && (
        <p className="muted" role="status">
          正在写入台账：{stage.done} / {stage.total}
        </p>
      )}
      {stage.step === 'done' && (
        <p className="ok" role="status" data-testid="import-done">
          导入完成：新增 {stage.result.households.created} 户、{stage.result.residents.created} 人，更新 {stage.result.households.updated} 户、{stage.result.residents.updated} 人
          {stage.result.care.created > 0 ? `，关爱帮扶记录 ${stage.result.care.created} 条` : ''}
          {stage.result.residents.skipped > 0 ? `，跳过 ${stage.result.residents.skipped} 人（预览后已被他人登记或删除）` : ''}。
        </p>
      )}
      <div className="actions">
        {preview && stage.step === 'loaded' && (
          <button type="button" className="primary" disabled={unresolved > 0 || writeCount(preview) === 0} onClick={() => void confirm(preview, stage.fileName)} data-testid="import-confirm">
            {unresolved > 0 ? `请先处理 ${unresolved} 个未识别的列` : `确认导入（${writeCount(preview)} 项）`}
          </button>
        )}
        <button type="button" onClick={onClose} disabled={stage.step === 'applying'}>
          {stage.step === 'done' ? '关闭' : '取消'}
        </button>
      </div>
    </section>
  )
}

function writeCount(preview: ImportPreview): number {
  return preview.households.filter((h) => h.action !== 'unchanged').length + preview.residents.filter((r) => r.action !== 'unchanged').length
}

function ColumnMapping({ preview, choices, onChoose }: { preview: ImportPreview; choices: Record<string, string>; onChoose(key: string, id: string): void }) {
  const pending = preview.unmapped
  const chosen = Object.keys(choices)
  return (
    <div className={pending.length ? 'mapping warn-box' : 'mapping'} data-testid="import-mapping" role={pending.length ? 'alert' : undefined}>
      {pending.length > 0 ? (
        <p>
          <strong>有 {pending.length} 列没有识别出来。</strong>请为每一列选择对应的内容，或选“不导入”。选择会为本村记住，下次导入同样的表头时直接使用。
        </p>
      ) : (
        <p className="muted small">已按你的选择处理 {chosen.length} 列（确认导入后为本村记住）。</p>
      )}
      {pending.map((c) => (
        <label key={c.key} className="field mapping-row">
          <span>
            {c.column}列“{c.header}”<span className="muted small">（如：{c.samples.join('、')}）</span>
          </span>
          <select value="" onChange={(e) => onChoose(c.key, e.target.value)} data-testid={`map-${c.column}`}>
            <option value="" disabled>
              请选择…
            </option>
            <option value={SKIP}>不导入</option>
            {MAPPING_CHOICES.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  )
}

function PreviewView({ preview, fileName }: { preview: ImportPreview; fileName: string }) {
  const [filter, setFilter] = useState<RowStatus | 'all'>('all')
  // The numbers come from the user's own file; masked by default all the same (DESIGN.md privacy).
  const [fullIds, setFullIds] = useState(false)
  const s = preview.summary
  const counts = Object.fromEntries(STATUS_ORDER.map((st) => [st, preview.rows.filter((r) => r.status === st).length])) as Record<RowStatus, number>
  const rows = filter === 'all' ? preview.rows : preview.rows.filter((r) => r.status === filter)
  return (
    <div data-testid="import-preview">
      <p>
        {fileName}（表头在第 {preview.headerRows.join('、')} 行）：户 新增 {s.households.new}、更新 {s.households.changed}、无变化 {s.households.unchanged}；人 新增 {s.residents.new}、更新 {s.residents.changed}、无变化{' '}
        {s.residents.unchanged}；<strong className={s.invalid ? 'error' : ''}>有错误 {s.invalid} 行</strong>（不会导入），重复 {s.duplicate} 行，跳过 {s.skipped} 行。
      </p>
      <p className="muted small" data-testid="import-columns">
        读取的列：{preview.columns.map((c) => `${c.column}“${c.header}”→${c.label}${c.hidden ? '（隐藏列）' : ''}`).join('；')}
        {preview.ignored.length > 0 && <> 。不导入的列：{preview.ignored.map((c) => `${c.column}“${c.header}”（${c.reason}）`).join('；')}</>}
      </p>
      <div className="chips" role="group" aria-label="按结果筛选">
        <button type="button" className={filter === 'all' ? 'chip on' : 'chip'} onClick={() => setFilter('all')}>
          全部 {preview.rows.length}
        </button>
        {STATUS_ORDER.filter((st) => counts[st] > 0).map((st) => (
          <button key={st} type="button" className={filter === st ? 'chip on' : 'chip'} onClick={() => setFilter(st)} data-testid={`filter-${st}`}>
            {STATUS_LABELS[st]} {counts[st]}
          </button>
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={fullIds} onChange={(e) => setFullIds(e.target.checked)} data-testid="import-full-ids" /> 显示完整身份证号（核对是否读错列）
      </label>
      <div className="table-scroll">
        <table className="table import-preview-table">
          <thead>
            <tr>
              <th>行号</th>
              <th>结果</th>
              <th>户编号</th>
              <th>户主</th>
              <th>住址</th>
              <th>网格</th>
              <th>姓名</th>
              <th>关系</th>
              <th>身份证号</th>
              <th>电话</th>
              <th>类别</th>
              <th>原因 / 修改的内容</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN_ROWS).map((r) => (
              <PreviewLine key={r.row} r={r} fullIds={fullIds} />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN_ROWS && <p className="muted small">只显示前 {SHOWN_ROWS} 行（共 {rows.length} 行），可按结果筛选。</p>}
    </div>
  )
}

function PreviewLine({ r, fullIds }: { r: PreviewRow; fullIds: boolean }) {
  const bad = r.status === 'invalid'
  return (
    <tr className={bad ? 'error' : r.status === 'skipped' || r.status === 'duplicate' ? 'muted' : undefined} data-testid={`preview-row-${r.row}`}>
      <td>{r.row}</td>
      <td>{STATUS_LABELS[r.status]}</td>
      <td>{r.household.code}</td>
      <td>{r.household.headName}</td>
      <td>{r.household.address}</td>
      <td>{r.household.grid}</td>
      <td>{r.resident.name}</td>
      <td>{r.resident.relation}</td>
      <td className="mono">{fullIds ? r.resident.idNumber : r.resident.idNumber && maskIdNumber(r.resident.idNumber)}</td>
      <td className="mono">{r.resident.phone}</td>
      <td>{[...r.flags, ...r.care].join('、')}</td>
      <td>{[...r.reasons, ...(r.changed.length ? [`修改：${r.changed.join('、')}`] : [])].join('；')}</td>
    </tr>
  )
}
