/** SQLite tables of minutesVersions.ts (same database file as the rest of the store). */
import type Database from 'better-sqlite3'
import { firstPerUser, toSummary, withEditors, type MinutesVersionStore, type VersionRowFields } from './minutesVersions.js'

const SUMMARY_COLUMNS = 'v.version, v.kind, v.hash, v.at, v.by_user, u.name as by_name, v.confirmations'

export function sqliteMinutesVersions(db: Database.Database): MinutesVersionStore {
  const nextVersion = db.prepare<[string], { n: number }>('select coalesce(max(version), 0) + 1 as n from minutes_versions where doc_name = ?')
  const insert = db.prepare('insert into minutes_versions (doc_name, version, kind, hash, content, at, by_user, confirmations) values (?, ?, ?, ?, ?, ?, ?, ?)')
  const selectOne = db.prepare<[string, number], VersionRowFields & { content: string }>(
    `select ${SUMMARY_COLUMNS}, v.content from minutes_versions v left join users u on u.id = v.by_user where v.doc_name = ? and v.version = ?`,
  )
  const selectAll = db.prepare<[string], VersionRowFields>(
    `select ${SUMMARY_COLUMNS} from minutes_versions v left join users u on u.id = v.by_user where v.doc_name = ? order by v.version`,
  )
  const pushes = db.prepare<[string], { at: string; name: string }>(
    "select a.at, u.name from audit_log a join users u on u.id = a.actor_id where a.action = 'doc.push' and a.target = ?",
  )
  const insertConfirmation = db.prepare('insert into minutes_confirmations (doc_name, hash, user_id, name, at) values (?, ?, ?, ?, ?)')
  const selectConfirmations = db.prepare<[string, string], { user_id: string; name: string; hash: string; at: string }>(
    'select user_id, name, hash, at from minutes_confirmations where doc_name = ? and hash = ? order by id',
  )
  const addTx = db.transaction((docName: string, v: Parameters<MinutesVersionStore['addVersion']>[1]) => {
    const n = (nextVersion.get(docName) as { n: number }).n
    insert.run(docName, n, v.kind, v.hash, v.content, v.at, v.by, JSON.stringify(v.confirmations))
    return n
  })
  return {
    async addVersion(docName, version) {
      const n = addTx(docName, version)
      const row = selectOne.get(docName, n) as VersionRowFields
      return toSummary(row, row.by_name ? [row.by_name] : [])
    },
    async listVersions(docName) {
      return withEditors(selectAll.all(docName), pushes.all(docName))
    },
    async getVersion(docName, version) {
      const row = selectOne.get(docName, version)
      return row ? { ...toSummary(row, row.by_name ? [row.by_name] : []), content: row.content } : null
    },
    async addConfirmation(docName, c) {
      insertConfirmation.run(docName, c.hash, c.userId, c.name, c.at)
    },
    async confirmations(docName, hash) {
      return firstPerUser(selectConfirmations.all(docName, hash).map((r) => ({ userId: r.user_id, name: r.name, hash: r.hash, at: r.at })))
    },
  }
}
