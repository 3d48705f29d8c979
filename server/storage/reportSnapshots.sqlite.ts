/** Submitted report snapshots in SQLite (rules in reportSnapshots.ts). */
import type Database from 'better-sqlite3'
import { REPORT_SNAPSHOT_COLUMNS, reportSnapshotParams, toReportSnapshotRow, type ReportSnapshotDb, type ReportSnapshotStore } from './reportSnapshots.js'

export function sqliteReportSnapshotStore(db: Database.Database): ReportSnapshotStore {
  const insert = db.prepare(`insert into report_snapshots (${REPORT_SNAPSHOT_COLUMNS}) values (?, ?, ?, ?, ?, ?) on conflict (scope, period) do nothing`)
  const one = db.prepare<[string, string], ReportSnapshotDb>(`select ${REPORT_SNAPSHOT_COLUMNS} from report_snapshots where scope = ? and period = ?`)
  const byScope = db.prepare<[string], ReportSnapshotDb>(`select ${REPORT_SNAPSHOT_COLUMNS} from report_snapshots where scope = ? order by submitted_at desc, period`)
  return {
    async submit(row) {
      return insert.run(...reportSnapshotParams(row)).changes === 1
    },
    async get(scope, period) {
      const row = one.get(scope, period)
      return row ? toReportSnapshotRow(row) : null
    },
    async list(scope) {
      return byScope.all(scope).map(toReportSnapshotRow)
    },
  }
}
