/** Accounts, sessions, villages, memberships and the audit log in SQLite. */
import type Database from 'better-sqlite3'
import * as z from 'zod'
import { ROLES, type Role } from '../../shared/roles.js'
import { auditHash, auditRowFrom, GENESIS, type AuditDb } from './audit.js'
import type { AccountStore, AuditEntry, AuditQuery, AuditRow, MembershipRow, MembershipView, UserRow, VillageRow } from './types.js'

const gridIdsColumn = z.array(z.string())

function toRole(value: string): Role {
  const role = ROLES.find((r) => r === value)
  if (!role) throw new Error(`stored role is not known: ${value}`)
  return role
}

type UserDb = { id: string; phone: string; name: string; role: string; password_hash: string; created_at: string; disabled_at: string | null }
const toUser = (r: UserDb): UserRow => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  role: toRole(r.role),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
})

type VillageDb = { id: string; name: string; created_at: string; created_by: string }
const toVillage = (r: VillageDb): VillageRow => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by })

type MembershipDb = { user_id: string; village_id: string; role: string; grid_ids: string; sensitive: number; village_name?: string }
const toMembership = (r: MembershipDb): MembershipRow => ({
  userId: r.user_id,
  villageId: r.village_id,
  role: toRole(r.role),
  gridIds: gridIdsColumn.parse(JSON.parse(r.grid_ids)),
  sensitive: r.sensitive === 1,
})


function prepare(db: Database.Database) {
  return {
    countUsers: db.prepare<[], { n: number }>('select count(*) as n from users'),
    insertUser: db.prepare(
      `insert into users (id, phone, name, role, password_hash, created_at, disabled_at)
       values (@id, @phone, @name, @role, @passwordHash, @createdAt, @disabledAt)`,
    ),
    users: db.prepare<[], UserDb>('select * from users order by created_at, id'),
    userByPhone: db.prepare<[string], UserDb>('select * from users where phone = ?'),
    userById: db.prepare<[string], UserDb>('select * from users where id = ?'),
    setPassword: db.prepare<[string, string]>('update users set password_hash = ? where id = ?'),
    insertSession: db.prepare(
      'insert into sessions (token_hash, user_id, created_at, expires_at, revoked_at) values (@tokenHash, @userId, @createdAt, @expiresAt, @revokedAt)',
    ),
    session: db.prepare<[string], { token_hash: string; user_id: string; created_at: string; expires_at: string; revoked_at: string | null }>(
      'select * from sessions where token_hash = ?',
    ),
    revoke: db.prepare<[string, string]>('update sessions set revoked_at = ? where token_hash = ? and revoked_at is null'),
    liveSessions: db.prepare<[string], { token_hash: string }>('select token_hash from sessions where user_id = ? and revoked_at is null'),
    // One statement, so the name check and the insert cannot be split by another request.
    insertVillage: db.prepare(
      'insert into villages (id, name, created_at, created_by) select @id, @name, @createdAt, @createdBy where not exists (select 1 from villages where name = @name)',
    ),
    village: db.prepare<[string], VillageDb>('select * from villages where id = ?'),
    villages: db.prepare<[], VillageDb>('select * from villages order by created_at, id'),
    membership: db.prepare<[string, string], MembershipDb>('select * from memberships where user_id = ? and village_id = ?'),
    memberships: db.prepare<[], MembershipDb>(
      'select m.*, v.name as village_name from memberships m join villages v on v.id = m.village_id order by v.created_at, v.id',
    ),
    membershipsOf: db.prepare<[string], MembershipDb>(
      'select m.*, v.name as village_name from memberships m join villages v on v.id = m.village_id where m.user_id = ? order by v.created_at, v.id',
    ),
    upsertMembership: db.prepare(
      `insert into memberships (user_id, village_id, role, grid_ids, sensitive) values (@userId, @villageId, @role, @gridIds, @sensitive)
       on conflict (user_id, village_id) do update set role = excluded.role, grid_ids = excluded.grid_ids, sensitive = excluded.sensitive`,
    ),
    deleteMembership: db.prepare<[string, string]>('delete from memberships where user_id = ? and village_id = ?'),
    auditTip: db.prepare<[], { hash: string }>('select hash from audit_log where hash is not null order by id desc limit 1'),
    audit: db.prepare(
      `insert into audit_log (at, actor_id, action, target, detail, address, doc_name, village_id, prev_hash, hash)
       values (@at, @actorId, @action, @target, @detail, @address, @docName, @villageId, @prevHash, @hash)`,
    ),
    listAudit: db.prepare<Record<string, string | number | null>, AuditDb>(
      `select a.*, u.name as actor_name from audit_log a left join users u on u.id = a.actor_id
       where a.id < @before and (@actorId is null or a.actor_id = @actorId) and (@action is null or a.action = @action)
         and (@docName is null or a.doc_name = @docName) and (@villageId is null or a.village_id = @villageId)
         and (@from is null or a.at >= @from) and (@to is null or a.at < @to)
       order by a.id desc limit @limit`,
    ),
    auditChain: db.prepare<[], AuditDb>('select a.*, null as actor_name from audit_log a order by a.id'),
    lastBefore: db.prepare<[string], { id: number; hash: string | null }>('select id, hash from audit_log where at < ? order by id desc limit 1'),
    pruneThrough: db.prepare<[number]>('delete from audit_log where id <= ?'),
  }
}

export function sqliteAccountStore(db: Database.Database): AccountStore {
  const q = prepare(db)
  // BEGIN IMMEDIATE holds the write lock from reading the tip to the insert (audit.ts).
  const appendAudit = db.transaction((entry: AuditEntry) => {
    const prevHash = q.auditTip.get()?.hash ?? GENESIS
    q.audit.run({ address: null, docName: null, villageId: null, ...entry, prevHash, hash: auditHash(prevHash, entry) })
  })
  const prune = db.transaction((before: string, at: string) => {
    const last = q.lastBefore.get(before)
    if (!last) return 0
    const removed = q.pruneThrough.run(last.id).changes
    const entry: AuditEntry = { at, actorId: null, action: 'audit.prune', target: last.hash, detail: `${removed} entries before ${before}` }
    appendAudit(entry)
    return removed
  })
  const createFirst = db.transaction((user: UserRow) => {
    if ((q.countUsers.get()?.n ?? 0) > 0) return false
    q.insertUser.run(user)
    return true
  })
  const revokeAll = db.transaction((userId: string, at: string, except?: string) => {
    const hashes = q.liveSessions.all(userId).map((r) => r.token_hash).filter((h) => h !== except)
    for (const h of hashes) q.revoke.run(at, h)
    return hashes
  })
  const updateUser = db.transaction((id: string, patch: { name?: string; role?: Role; disabledAt?: string | null }) => {
    if (patch.name !== undefined) db.prepare('update users set name = ? where id = ?').run(patch.name, id)
    if (patch.role !== undefined) db.prepare('update users set role = ? where id = ?').run(patch.role, id)
    if (patch.disabledAt !== undefined) db.prepare('update users set disabled_at = ? where id = ?').run(patch.disabledAt, id)
  })
  const view = (r: MembershipDb): MembershipView => ({ ...toMembership(r), villageName: r.village_name ?? '' })
  return {
    countUsers: async () => q.countUsers.get()?.n ?? 0,
    createUser: async (user) => void q.insertUser.run(user),
    createFirstUser: async (user) => createFirst(user),
    listUsers: async () => q.users.all().map(toUser),
    updateUser: async (id, patch) => updateUser(id, patch),
    setPasswordHash: async (id, hash) => void q.setPassword.run(hash, id),
    revokeUserSessions: async (userId, at, except) => revokeAll(userId, at, except),
    async findUserByPhone(phone) {
      const r = q.userByPhone.get(phone)
      return r ? toUser(r) : null
    },
    async findUserById(id) {
      const r = q.userById.get(id)
      return r ? toUser(r) : null
    },
    createSession: async (session) => void q.insertSession.run(session),
    async findSession(tokenHash) {
      const r = q.session.get(tokenHash)
      return r ? { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at } : null
    },
    revokeSession: async (tokenHash, at) => void q.revoke.run(at, tokenHash),
    createVillage: async (village) => q.insertVillage.run(village).changes === 1,
    async findVillage(id) {
      const r = q.village.get(id)
      return r ? toVillage(r) : null
    },
    listVillages: async () => q.villages.all().map(toVillage),
    async membership(userId, villageId) {
      const r = q.membership.get(userId, villageId)
      return r ? toMembership(r) : null
    },
    listMemberships: async (userId) => (userId ? q.membershipsOf.all(userId) : q.memberships.all()).map(view),
    async setMembership(m: MembershipRow) {
      q.upsertMembership.run({ ...m, gridIds: JSON.stringify(m.gridIds), sensitive: m.sensitive ? 1 : 0 })
    },
    removeMembership: async (userId, villageId) => q.deleteMembership.run(userId, villageId).changes > 0,
    audit: async (entry) => appendAudit.immediate(entry),
    async listAudit(query: AuditQuery): Promise<AuditRow[]> {
      const rows = q.listAudit.all({
        before: query.before ?? Number.MAX_SAFE_INTEGER,
        actorId: query.actorId ?? null,
        action: query.action ?? null,
        docName: query.docName ?? null,
        villageId: query.villageId ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        limit: query.limit,
      })
      return rows.map(auditRowFrom)
    },
    auditChain: async () => q.auditChain.all().map(auditRowFrom),
    pruneAudit: async (before, at) => prune.immediate(before, at),
  }
}
