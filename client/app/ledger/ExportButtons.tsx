/**
 * 导出 Excel / 导出 CSV for any ledger table. ID numbers are masked in the file unless the
 * caller says this viewer may reveal them and the viewer ticks 含完整身份证号 (DESIGN.md: personal
 * data masked unless the viewer needs it).
 */
import { useState } from 'react'
import { toCsv } from '../../../shared/ledger/csv'
import { exportRows } from '../../../shared/ledger/exportRows'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { CSV_TYPE, downloadBlob, safeFileName, XLSX_TYPE } from './download'

type Props = {
  kind: KindDef
  records: readonly LedgerRecord[]
  lookup(kind: string, id: string): string
  today: string
  canReveal: boolean
  fileName: string
  /** A file with full ID numbers was made from these records (for the audit log). */
  onRevealExport?(records: readonly LedgerRecord[]): void
}

type Format = 'xlsx' | 'csv'

export function ExportButtons({ kind, records, lookup, today, canReveal, fileName, onRevealExport }: Props) {
  const [full, setFull] = useState(false)
  const [busy, setBusy] = useState<Format | null>(null)
  const [error, setError] = useState('')
  const hasMasked = kind.fields.some((f) => f.masked)

  async function save(format: Format) {
    setBusy(format)
    setError('')
    try {
      const fullIdNumbers = canReveal && full && hasMasked
      const table = exportRows(kind, records, today, { fullIdNumbers, lookup })
      if (fullIdNumbers && records.length > 0) onRevealExport?.(records)
      const name = `${safeFileName(fileName)}.${format}`
      if (format === 'csv') downloadBlob(new Blob([toCsv(table.headers, table.rows)], { type: CSV_TYPE }), name)
      else {
        const { writeXlsx } = await import('./xlsx')
        downloadBlob(new Blob([await writeXlsx(table, kind.label)], { type: XLSX_TYPE }), name)
      }
    } catch (err) {
      console.error('export failed', err)
      setError('导出失败，请重试。')
    } finally {
      setBusy(null)
    }
  }

  return (
    <span className="actions" data-testid={`export-${kind.kind}`}>
      <button type="button" onClick={() => void save('xlsx')} disabled={busy !== null || records.length === 0}>
        {busy === 'xlsx' ? '正在导出…' : '导出 Excel'}
      </button>
      <button type="button" onClick={() => void save('csv')} disabled={busy !== null || records.length === 0}>
        {busy === 'csv' ? '正在导出…' : '导出 CSV'}
      </button>
      {canReveal && hasMasked && (
        <label className="check">
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> 含完整身份证号
        </label>
      )}
      <span className="muted small">共 {records.length} 条</span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
