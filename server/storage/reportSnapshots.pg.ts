/** Submitted report snapshots in PostgreSQL (rules in reportSnapshots.ts). */
import type pg from 'pg'
import { REPORT_SNAPSHOT_COLUMNS, reportSnapshotParams, toReportSnapshotRow, type ReportSnapshotDb, type ReportSnapshotStore } from './reportSnapshots.js'

export function pgReportSnapshotStore(pool: pg.Pool): ReportSnapshotStore {
  return {
    async submit(row) {
      const result = await pool.query(`insert into report_snapshots (${REPORT_SNAPSHOT_COLUMNS}) values ($1, $2, $3, $4, $5, $6) on conflict (scope, period) do nothing`, reportSnapshotParams(row))
      return result.rowCount === 1
    },
    async get(scope, period) {
      const { rows } = await pool.query<ReportSnapshotDb>(`select ${REPORT_SNAPSHOT_COLUMNS} from report_snapshots where scope = $1 and period = $2`, [scope, period])
      return rows[0] ? toReportSnapshotRow(rows[0]) : null
    },
    async list(scope) {
      const { rows } = await pool.query<ReportSnapshotDb>(`select ${REPORT_SNAPSHOT_COLUMNS} from report_snapshots where scope = $1 order by submitted_at desc, period`, [scope])
      return rows.map(toReportSnapshotRow)
    },
  }
}
