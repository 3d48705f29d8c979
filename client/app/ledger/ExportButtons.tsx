/**
 * 导出 Excel / 导出 CSV for any ledger table, and for households and residents the whole-village
 * 户籍人口台账 workbook (one sheet per grid, shared/ledger/exportRows.ts exportRoster). Files carry
 * the village and the date in their name and a title row (village, grid, table, date). ID numbers
 * are masked in the file unless the caller says this viewer may reveal them and the viewer ticks
 * 含完整身份证号 (DESIGN.md: personal data masked unless the viewer needs it).
 */
import { useState } from 'react'
import { toCsv } from '../../../shared/ledger/csv'
import { exportRoster, exportRows, exportTitle } from '../../../shared/ledger/exportRows'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { CSV_TYPE, downloadBlob, safeFileName, XLSX_TYPE } from './download'

type Grid = { id: string; name: string }

type Props = {
  kind: KindDef
  records: readonly LedgerRecord[]
  /** Every record of the kind, of which `records` are the rows as filtered. */
  all?: readonly LedgerRecord[]
  lookup(kind: string, id: string): string
  today: string
  canReveal: boolean
  village: string
  grids: readonly Grid[]
  /** A record by kind and id (a resident's household for its 户编号/住址/户主 columns). */
  record(kind: string, id: string): LedgerRecord | undefined
  /** Every household and resident the user may see, for the 户籍人口台账 workbook. */
  roster?: { households: readonly LedgerRecord[]; residents: readonly LedgerRecord[] }
  /** A file with full ID numbers was made from these records (for the audit log). */
  onRevealExport?(records: readonly LedgerRecord[]): void
}

type Format = 'xlsx' | 'csv' | 'roster'

/** The table's name: the sheet name and part of the file name. */
export function tableName(kind: KindDef): string {
  return kind.kind === 'resident' ? '人口台账' : kind.kind === 'household' ? '户台账' : `${kind.label}台账`
}

export function ExportButtons({ kind, records, all, lookup, today, canReveal, village, grids, record, roster, onRevealExport }: Props) {
  const [full, setFull] = useState(false)
  const [busy, setBusy] = useState<Format | null>(null)
  const [error, setError] = useState('')
  const hasMasked = kind.fields.some((f) => f.masked) || roster !== undefined
  const gridName = (id: string) => grids.find((g) => g.id === id)?.name ?? ''

  async function save(format: Format) {
    setBusy(format)
    setError('')
    try {
      const fullIdNumbers = canReveal && full && hasMasked
      if (format === 'roster' && roster) {
        await saveRoster(roster, fullIdNumbers)
        return
      }
      const table = exportRows(kind, records, today, { fullIdNumbers, lookup, gridName, household: (id) => record('household', id), ...(all ? { all } : {}) })
      if (fullIdNumbers && records.length > 0) onRevealExport?.(records)
      const shownGrids = new Set(records.map((r) => r.gridId))
      const gridLabel = shownGrids.size === 1 ? gridName([...shownGrids][0]!) : ''
      const name = tableName(kind)
      const file = `${safeFileName([village, gridLabel, name, today].filter(Boolean).join('-'))}.${format}`
      if (format === 'csv') downloadBlob(new Blob([toCsv(table.headers, table.rows)], { type: CSV_TYPE }), file)
      else {
        const { writeXlsx } = await import('./xlsx')
        const titled = { ...table, title: exportTitle({ village, grid: gridLabel || '全部网格', table: name, date: today }) }
        downloadBlob(new Blob([await writeXlsx(titled, name)], { type: XLSX_TYPE }), file)
      }
    } catch (err) {
      console.error('export failed', err)
      setError('导出失败，请重试。')
    } finally {
      setBusy(null)
    }
  }

  async function saveRoster(data: NonNullable<Props['roster']>, fullIdNumbers: boolean) {
    const { writeWorkbook } = await import('./xlsx')
    const sheets = grids
      .map((grid) => {
        const households = data.households.filter((h) => h.gridId === grid.id)
        const residents = data.residents.filter((r) => r.gridId === grid.id)
        const table = exportRoster(households, residents, today, { fullIdNumbers, gridName })
        return { name: grid.name, table: { ...table, title: exportTitle({ village, grid: grid.name, table: '户籍人口台账', date: today }) }, residents }
      })
      .filter((s) => s.table.rows.length > 0)
    if (sheets.length === 0) {
      setError('没有可导出的户或人员。')
      return
    }
    if (fullIdNumbers) onRevealExport?.(sheets.flatMap((s) => s.residents))
    downloadBlob(new Blob([await writeWorkbook(sheets)], { type: XLSX_TYPE }), `${safeFileName(`${village}-户籍人口台账-${today}`)}.xlsx`)
  }

  return (
    <span className="actions wrap export-actions" data-testid={`export-${kind.kind}`}>
      <button type="button" onClick={() => void save('xlsx')} disabled={busy !== null || records.length === 0}>
        {busy === 'xlsx' ? '正在导出…' : '导出 Excel'}
      </button>
      <button type="button" onClick={() => void save('csv')} disabled={busy !== null || records.length === 0}>
        {busy === 'csv' ? '正在导出…' : '导出 CSV'}
      </button>
      {roster && (
        <button type="button" onClick={() => void save('roster')} disabled={busy !== null} data-testid="export-roster">
          {busy === 'roster' ? '正在导出…' : '导出户籍人口台账（全村，每网格一页）'}
        </button>
      )}
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
