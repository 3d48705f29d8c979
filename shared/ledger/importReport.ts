/**
 * The machine-readable result of an import preview, as `npm run ledger:import -- --json` prints
 * it (issue #12 item 6, the exact shape): every sheet row below the header once, with its status,
 * reasons, household and resident as they will be written, and the counts.
 */
import type { ImportPreview, ImportSummary, RowStatus } from './importRows.js'

export type ImportReport = {
  village: string
  rows: {
    row: number
    status: RowStatus
    reasons: string[]
    household: { code: string; headName: string; address: string; grid: string }
    resident: { name: string; idNumber: string; phone: string; relation: string }
  }[]
  summary: ImportSummary
}

export function importReport(villageId: string, preview: ImportPreview): ImportReport {
  return {
    village: villageId,
    rows: preview.rows.map((r) => ({ row: r.row, status: r.status, reasons: r.reasons, household: { ...r.household }, resident: { ...r.resident } })),
    summary: preview.summary,
  }
}
