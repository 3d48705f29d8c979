/**
 * 导入户籍表: pick a grid and an .xlsx (or CSV) file; the preview (shared/ledger/importRows.ts)
 * shows what each row would do and every bad row with its reasons; nothing is written until
 * 确认导入, and then only the valid rows, in batches (applyImport.ts).
 */
import { useEffect, useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { applyImport, type ApplyResult } from '../../../shared/ledger/applyImport'
import { cellText } from '../../../shared/ledger/importCells'
import { mapColumns } from '../../../shared/ledger/importColumns'
import { previewImport, type ImportPreview, type RowAction } from '../../../shared/ledger/importRows'
import type { Sheet } from './xlsx'

type Props = {
  grids: { id: string; name: string; code: string }[]
  docs: ReadonlyMap<string, Y.Doc>
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

const ACTION_LABELS: Record<RowAction, string> = { create: '新增', update: '更新', unchanged: '无变化', error: '有错误' }
const SHOWN_ROWS = 200

export function ImportPanel({ grids, docs, actor, today, onClose }: Props) {
  const [gridId, setGridId] = useState(grids[0]?.id ?? '')
  const [stage, setStage] = useState<Stage>({ step: 'pick' })
  const [error, setError] = useState('')
  const [showAll, setShowAll] = useState(false)
  const writable = useMemo(() => grids.filter((g) => docs.has(g.id)), [grids, docs])
  useEffect(() => {
    if (!writable.some((g) => g.id === gridId) && writable[0]) setGridId(writable[0].id)
  }, [writable, gridId])

  const sheet = stage.step === 'loaded' ? stage.sheet : null
  // Keyed by content: a caller re-creating the grids array each render must not re-run the preview.
  const gridsKey = grids.map((g) => `${g.id}\u0000${g.name}\u0000${g.code}`).join('\n')
  const result = useMemo(() => (sheet ? previewImport(sheet.rows, { grids, docs, defaultGridId: gridId || null, today }) : null), [sheet, gridsKey, docs, gridId, today])

  async function readFile(file: File) {
    setError('')
    setStage({ step: 'reading', fileName: file.name })
    try {
      const { readSpreadsheet } = await import('./xlsx')
      const read = await readSpreadsheet(file.name, await file.arrayBuffer())
      if (!read.ok) {
        setError(read.error)
        setStage({ step: 'pick' })
        return
      }
      // The first sheet with a header row we know; else the first, whose preview says what is missing.
      const found = read.sheets.find((s) => mapColumns(s.rows.slice(0, 30).map((row) => row.map(cellText))).ok) ?? read.sheets[0]!
      setStage({ step: 'loaded', fileName: file.name, sheet: found })
    } catch (err) {
      console.error('reading the import file failed', err)
      setError('无法读取这个文件，请确认它是 Excel（.xlsx）或 CSV 文件，且没有被其他程序占用。')
      setStage({ step: 'pick' })
    }
  }

  async function confirm(preview: ImportPreview, fileName: string) {
    setStage({ step: 'applying', fileName, done: 0, total: 1 })
    try {
      const applied = await applyImport(preview, docs, actor, new Date().toISOString(), { onProgress: (done, total) => setStage({ step: 'applying', fileName, done, total }) })
      setStage({ step: 'done', fileName, result: applied })
    } catch (err) {
      console.error('import failed', err)
      setError('写入台账时出错，已写入的部分会保留，可以重新导入同一文件补全（不会重复）。')
      setStage({ step: 'pick' })
    }
  }

  return (
    <section className="card" data-testid="import-panel">
      <h3>导入户籍表（户和人员）</h3>
      <p className="hint">每行一人；户编号、户主姓名、住址、村民小组可每行重复填写，也可合并单元格。按身份证号识别已有人员，重复导入不会产生重复记录；空白单元格不会清除已有内容。</p>
      <div className="inline-form">
        <label className="field">
          <span>导入到网格</span>
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
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
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
      {stage.step === 'loaded' && result?.ok && <PreviewView preview={result.preview} fileName={stage.fileName} showAll={showAll} onShowAll={() => setShowAll(true)} />}
      {stage.step === 'applying' && (
        <p className="muted" role="status">
          正在写入台账：{stage.done} / {stage.total}
        </p>
      )}
      {stage.step === 'done' && (
        <p className="ok" role="status" data-testid="import-done">
          导入完成：新增 {stage.result.households.created} 户、{stage.result.residents.created} 人，更新 {stage.result.households.updated} 户、{stage.result.residents.updated} 人
          {stage.result.residents.skipped > 0 ? `，跳过 ${stage.result.residents.skipped} 人（预览后已被他人登记或删除）` : ''}。
        </p>
      )}
      <div className="actions">
        {stage.step === 'loaded' && result?.ok && (
          <button type="button" className="primary" disabled={writeCount(result.preview) === 0} onClick={() => void confirm(result.preview, stage.fileName)} data-testid="import-confirm">
            确认导入（{writeCount(result.preview)} 项）
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

function PreviewView({ preview, fileName, showAll, onShowAll }: { preview: ImportPreview; fileName: string; showAll: boolean; onShowAll(): void }) {
  const t = preview.totals
  const errors = preview.rows.filter((r) => r.action === 'error')
  const rows = showAll ? preview.rows : errors
  return (
    <div data-testid="import-preview">
      <p>
        {fileName}（表头在第 {preview.headerRow} 行）：共 {t.rows} 行，新增 {t.create}，更新 {t.update}，无变化 {t.unchanged}，<strong className={t.error ? 'error' : ''}>有错误 {t.error}</strong>
        （有错误的行不会导入）。户：新增 {t.households.create}，更新 {t.households.update}，无变化 {t.households.unchanged}。
      </p>
      {preview.ignored.length > 0 && (
        <p className="muted small">
          不导入的列：{preview.ignored.map((c) => `${c.column}列“${c.header}”（${c.reason}）`).join('；')}
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>行号</th>
                <th>姓名</th>
                <th>户编号</th>
                <th>结果</th>
                <th>原因 / 修改的内容</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN_ROWS).map((r) => (
                <tr key={r.row} className={r.action === 'error' ? 'error' : undefined}>
                  <td>{r.row}</td>
                  <td>{r.name}</td>
                  <td>{r.householdNo}</td>
                  <td>{ACTION_LABELS[r.action]}</td>
                  <td>{r.action === 'error' ? r.reasons.join('；') : r.changed.join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > SHOWN_ROWS && <p className="muted small">只显示前 {SHOWN_ROWS} 行（共 {rows.length} 行）。请先修正这些行再重新选择文件。</p>}
      {!showAll && (
        <button type="button" className="link" onClick={onShowAll}>
          显示全部行
        </button>
      )}
    </div>
  )
}
