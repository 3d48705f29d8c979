/**
 * Storage interface of the relay. SQLite is the embedded default; PostgreSQL comes later behind
 * this same interface, which is why every method is async even where SQLite is synchronous.
 *
 * Doc updates form an append-only log per doc. Rule: a row is only ever deleted by compaction,
 * and compaction replaces rows up to a seq with one snapshot that contains all of them, in one
 * transaction, so a crash at any point leaves either the old rows or the snapshot.
 */
import type { AuditAction } from '../../shared/api/accounts.js'
import type { Role } from '../../shared/roles.js'
import type { AssessmentStore } from './assessment.js'
import type { AttachmentStore } from './attachments.js'
import type { MinutesVersionStore } from './minutesVersions.js'
import type { LinkageCodeStore } from './linkageCodes.js'
import type { ReportSnapshotStore } from './reportSnapshots.js'
import type { TownshipSettingsStore } from './townshipSettings.js'
import type { MatterStore } from './matters.js'
import type { NoticeStore } from './notices.js'

export type StoredDoc = { updates: Uint8Array[]; lastSeq: number; bytes: number }

/**
 * One attributed change to a doc (storage/history.ts): who wrote it, from which session and
 * device, when the relay stored it, whether it arrived live or was merged later from offline
 * work, and how many records it touched / removed or overwrote. `update` is the change itself.
 * The history log is append-only and compaction never touches it.
 */
export type Attribution = {
  at: string
  userId: string | null
  sessionKey: string | null
  device: string | null
  offline: boolean
  /** The device's own time for offline work, when the device said it. */
  deviceAt: string | null
  records: number
  removed: number
  update: Uint8Array
}
export type HistoryRow = Attribution & { id: number }
/** Rows of old history replaced by one (history/coarsen.ts), which keeps the smallest id. */
export type HistoryReplacement = { replaces: number[]; row: HistoryRow }

export interface DocStore {
  load(docName: string): Promise<StoredDoc>
  /** Appends one update, and its attribution rows in the same transaction; resolves with its seq once committed. */
  append(docName: string, update: Uint8Array, attribution?: readonly Attribution[]): Promise<number>
  /** Appends attribution rows alone (the baseline of a doc written before history existed). */
  appendHistory(docName: string, rows: readonly Attribution[]): Promise<void>
  /** The doc's attributed history up to `until` (ISO, inclusive), oldest first. */
  history(docName: string, until?: string): Promise<HistoryRow[]>
  /** Whether the doc has any history row. */
  hasHistory(docName: string): Promise<boolean>
  /** Bytes held by the doc's history (for the storage-overhead figure). */
  historyBytes(docName: string): Promise<number>
  /** Names of the docs where one author has several history rows on one day (Beijing time) before `before` (ISO). */
  historyDocs(before: string): Promise<string[]>
  /**
   * Coarsening (history/coarsen.ts), the one change to history rows: in one transaction, deletes
   * the rows each replacement replaces and stores its row under the smallest of their ids. False,
   * with nothing changed, when a row is already gone (another relay coarsened the doc meanwhile).
   */
  replaceHistory(docName: string, replacements: readonly HistoryReplacement[]): Promise<boolean>
  /** Replaces every row of the doc with seq <= upToSeq by `snapshot` (stored at seq upToSeq). */
  compact(docName: string, upToSeq: number, snapshot: Uint8Array): Promise<void>
  /** The latest seq of every stored doc of a village (docs never written are absent). */
  docVersions(villageId: string): Promise<Map<string, number>>
  /**
   * Compacts from the log itself (for several relays, whose memory may lag the log): reads the
   * doc's rows, builds one snapshot from them, deletes exactly the rows it read and stores the
   * snapshot at the highest seq read, all in one transaction on one connection under a per-doc
   * lock. Rows it did not read (appended or committed meanwhile) stay. Resolves with the
   * snapshot's size, or null if another relay is compacting this doc.
   */
  compactFromLog(docName: string, build: (updates: Uint8Array[]) => Uint8Array): Promise<number | null>
}

export type UserRow = {
  id: string
  phone: string
  name: string
  role: Role
  passwordHash: string
  createdAt: string
  disabledAt: string | null
}

export type UserPatch = { name?: string; role?: Role; disabledAt?: string | null }

export type MembershipRow = { userId: string; villageId: string; role: Role; gridIds: string[]; sensitive: boolean }
export type MembershipView = MembershipRow & { villageName: string }

export type SessionRow = { tokenHash: string; userId: string; createdAt: string; expiresAt: string; revokedAt: string | null }

export type VillageRow = { id: string; name: string; createdAt: string; createdBy: string }

export type AuditEntry = {
  at: string
  actorId: string | null
  action: AuditAction
  target: string | null
  detail: string | null
  /** The client's address (behind TRUST_PROXY, the real one). */
  address?: string | null
  docName?: string | null
  villageId?: string | null
}
export type AuditRow = AuditEntry & { id: number; actorName: string | null; prevHash: string | null; hash: string | null }
export type AuditQuery = {
  limit: number
  before?: number
  actorId?: string
  action?: AuditAction
  docName?: string
  villageId?: string
  /** ISO times, inclusive from, exclusive to. */
  from?: string
  to?: string
}

export interface AccountStore {
  countUsers(): Promise<number>
  createUser(user: UserRow): Promise<void>
  /** Creates the user only if there is no user at all; false if someone was first. */
  createFirstUser(user: UserRow): Promise<boolean>
  listUsers(): Promise<UserRow[]>
  updateUser(id: string, patch: UserPatch): Promise<void>
  setPasswordHash(id: string, passwordHash: string): Promise<void>
  /** Revokes every live session of a user but `exceptTokenHash`; returns their hashes. */
  revokeUserSessions(userId: string, at: string, exceptTokenHash?: string): Promise<string[]>
  membership(userId: string, villageId: string): Promise<MembershipRow | null>
  listMemberships(userId?: string): Promise<MembershipView[]>
  setMembership(membership: MembershipRow): Promise<void>
  removeMembership(userId: string, villageId: string): Promise<boolean>
  listAudit(query: AuditQuery): Promise<AuditRow[]>
  /** The whole log, oldest first, for verification. */
  auditChain(): Promise<AuditRow[]>
  /** Retention: removes entries older than `before`, then records the pruning in the chain. */
  pruneAudit(before: string, at: string): Promise<number>
  findUserByPhone(phone: string): Promise<UserRow | null>
  findUserById(id: string): Promise<UserRow | null>
  createSession(session: SessionRow): Promise<void>
  findSession(tokenHash: string): Promise<SessionRow | null>
  revokeSession(tokenHash: string, at: string): Promise<void>
  /** Creates the village unless one of the same name exists; false then, and nothing is written. */
  createVillage(village: VillageRow): Promise<boolean>
  findVillage(id: string): Promise<VillageRow | null>
  listVillages(): Promise<VillageRow[]>
  audit(entry: AuditEntry): Promise<void>
}

export interface Store {
  docs: DocStore
  accounts: AccountStore
  /** Per-village public notice logs (notices.ts). */
  notices: NoticeStore
  /** Finalised and checkpoint versions of minutes docs (minutesVersions.ts). */
  minutes: MinutesVersionStore
  /** 民呼我应 tracking codes (matters.ts). */
  matters: MatterStore
  /** 民情联系卡 card and rating codes, hashed (linkageCodes.ts). */
  linkageCodes: LinkageCodeStore
  /** Submitted reports upward, kept as submitted with their hash (reportSnapshots.ts). */
  reportSnapshots: ReportSnapshotStore
  /** The township's settings layer (townshipSettings.ts). */
  townshipSettings: TownshipSettingsStore
  /** 四培五考: training records, weights, 民主测评, closed assessments (assessment.ts). */
  assessment: AssessmentStore
  /** Photos, scans and PDFs linked from docs, content-addressed (attachments.ts). */
  attachments: AttachmentStore
  kind: 'sqlite' | 'postgres'
  /** Writes a consistent copy of the whole store to `file` while writes go on (backup.*.ts). */
  backup(file: string): Promise<void>
  close(): Promise<void>
}
