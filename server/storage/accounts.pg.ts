/** Accounts, sessions, villages, memberships and the audit log in PostgreSQL. */
import type pg from 'pg'
import * as z from 'zod'
import { ROLES } from '../../shared/roles.js'
import { AUDIT_CHAIN_LOCK, auditHash, auditRowFrom, GENESIS, type AuditDb } from './audit.js'
import { inTransaction } from './transaction.pg.js'
import type { AccountStore, AuditEntry, MembershipRow, MembershipView, UserRow, VillageRow } from './types.js'

const roleColumn = z.enum(ROLES)
const gridIdsColumn = z.array(z.string())

type UserDb = { id: string; phone: string; name: string; role: string; password_hash: string; created_at: string; disabled_at: string | null }
const toUser = (r: UserDb): UserRow => ({
  id: r.id,
  phone: r.phone,
  name: r.name,
  role: roleColumn.parse(r.role),
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
})
type VillageDb = { id: string; name: string; created_at: string; created_by: string }
const toVillage = (r: VillageDb): VillageRow => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by })
type MembershipDb = { user_id: string; village_id: string; role: string; grid_ids: unknown; sensitive: boolean; village_name?: string }
const toMembership = (r: MembershipDb): MembershipRow => ({
  userId: r.user_id,
  villageId: r.village_id,
  role: roleColumn.parse(r.role),
  gridIds: gridIdsColumn.parse(r.grid_ids),
  sensitive: r.sensitive,
})

const INSERT_USER = `insert into users (id, phone, name, role, password_hash, created_at, disabled_at) values ($1, $2, $3, $4, $5, $6, $7)`
const userParams = (u: UserRow) => [u.id, u.phone, u.name, u.role, u.passwordHash, u.createdAt, u.disabledAt]
const MEMBERSHIPS = 'select m.*, v.name as village_name from memberships m join villages v on v.id = m.village_id'

export function pgAccountStore(pool: pg.Pool): AccountStore {
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]) => (await pool.query<T>(sql, params)).rows[0] ?? null
  const view = (r: MembershipDb): MembershipView => ({ ...toMembership(r), villageName: r.village_name ?? '' })
  return {
    async countUsers() {
      return Number((await one<{ n: string }>('select count(*) as n from users', []))?.n ?? 0)
    },
    async createUser(user) {
      await pool.query(INSERT_USER, userParams(user))
    },
    async createFirstUser(user) {
      return inTransaction(pool, async (c) => {
        await c.query("select pg_advisory_xact_lock(hashtext('cunwu:first-user'))")
        const { rows } = await c.query<{ n: string }>('select count(*) as n from users')
        if (Number(rows[0]?.n ?? 0) > 0) return false
        await c.query(INSERT_USER, userParams(user))
        return true
      })
    },
    listUsers: async () => (await pool.query<UserDb>('select * from users order by created_at, id')).rows.map(toUser),
    async updateUser(id, patch) {
      await inTransaction(pool, async (c) => {
        if (patch.name !== undefined) await c.query('update users set name = $1 where id = $2', [patch.name, id])
        if (patch.role !== undefined) await c.query('update users set role = $1 where id = $2', [patch.role, id])
        if (patch.disabledAt !== undefined) await c.query('update users set disabled_at = $1 where id = $2', [patch.disabledAt, id])
      })
    },
    async setPasswordHash(id, hash) {
      await pool.query('update users set password_hash = $1 where id = $2', [hash, id])
    },
    async revokeUserSessions(userId, at, except) {
      const { rows } = await pool.query<{ token_hash: string }>(
        'update sessions set revoked_at = $1 where user_id = $2 and revoked_at is null and token_hash is distinct from $3 returning token_hash',
        [at, userId, except ?? null],
      )
      return rows.map((r) => r.token_hash)
    },
    async findUserByPhone(phone) {
      const r = await one<UserDb>('select * from users where phone = $1', [phone])
      return r ? toUser(r) : null
    },
    async findUserById(id) {
      const r = await one<UserDb>('select * from users where id = $1', [id])
      return r ? toUser(r) : null
    },
    async createSession(s) {
      await pool.query('insert into sessions (token_hash, user_id, created_at, expires_at, revoked_at) values ($1, $2, $3, $4, $5)', [
        s.tokenHash,
        s.userId,
        s.createdAt,
        s.expiresAt,
        s.revokedAt,
      ])
    },
    async findSession(tokenHash) {
      const r = await one<{ token_hash: string; user_id: string; created_at: string; expires_at: string; revoked_at: string | null }>(
        'select * from sessions where token_hash = $1',
        [tokenHash],
      )
      return r ? { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at } : null
    },
    async revokeSession(tokenHash, at) {
      await pool.query('update sessions set revoked_at = $1 where token_hash = $2 and revoked_at is null', [at, tokenHash])
    },
    async createVillage(v) {
      // The lock serialises creates by name across relays, so two cannot both find the name free.
      return inTransaction(pool, async (c) => {
        await c.query("select pg_advisory_xact_lock(hashtext('cunwu:village-name:' || $1))", [v.name])
        const r = await c.query(
          'insert into villages (id, name, created_at, created_by) select $1, $2, $3, $4 where not exists (select 1 from villages where name = $2)',
          [v.id, v.name, v.createdAt, v.createdBy],
        )
        return r.rowCount === 1
      })
    },
    async findVillage(id) {
      const r = await one<VillageDb>('select * from villages where id = $1', [id])
      return r ? toVillage(r) : null
    },
    listVillages: async () => (await pool.query<VillageDb>('select * from villages order by created_at, id')).rows.map(toVillage),
    async membership(userId, villageId) {
      const r = await one<MembershipDb>('select * from memberships where user_id = $1 and village_id = $2', [userId, villageId])
      return r ? toMembership(r) : null
    },
    async listMemberships(userId) {
      const { rows } = userId
        ? await pool.query<MembershipDb>(`${MEMBERSHIPS} where m.user_id = $1 order by v.created_at, v.id`, [userId])
        : await pool.query<MembershipDb>(`${MEMBERSHIPS} order by v.created_at, v.id`)
      return rows.map(view)
    },
    async setMembership(m) {
      await pool.query(
        `insert into memberships (user_id, village_id, role, grid_ids, sensitive) values ($1, $2, $3, $4, $5)
         on conflict (user_id, village_id) do update set role = excluded.role, grid_ids = excluded.grid_ids, sensitive = excluded.sensitive`,
        [m.userId, m.villageId, m.role, JSON.stringify(m.gridIds), m.sensitive],
      )
    },
    async removeMembership(userId, villageId) {
      return ((await pool.query('delete from memberships where user_id = $1 and village_id = $2', [userId, villageId])).rowCount ?? 0) > 0
    },
    async audit(e) {
      await inTransaction(pool, (c) => appendAudit(c, e))
    },
    async listAudit(q) {
      const { rows } = await pool.query<AuditDb>(
        `select a.*, u.name as actor_name from audit_log a left join users u on u.id = a.actor_id
         where ($1::bigint is null or a.id < $1) and ($2::text is null or a.actor_id = $2) and ($3::text is null or a.action = $3)
           and ($4::text is null or a.doc_name = $4) and ($5::text is null or a.village_id = $5)
           and ($6::text is null or a.at >= $6) and ($7::text is null or a.at < $7)
         order by a.id desc limit $8`,
        [q.before ?? null, q.actorId ?? null, q.action ?? null, q.docName ?? null, q.villageId ?? null, q.from ?? null, q.to ?? null, q.limit],
      )
      return rows.map(auditRowFrom)
    },
    async auditChain() {
      const { rows } = await pool.query<AuditDb>('select a.*, null as actor_name from audit_log a order by a.id')
      return rows.map(auditRowFrom)
    },
    async pruneAudit(before, at) {
      return inTransaction(pool, async (c) => {
        await c.query(`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
        const { rows } = await c.query<{ id: string; hash: string | null }>('select id, hash from audit_log where at < $1 order by id desc limit 1', [before])
        const last = rows[0]
        if (!last) return 0
        const removed = (await c.query('delete from audit_log where id <= $1', [last.id])).rowCount ?? 0
        await appendAudit(c, { at, actorId: null, action: 'audit.prune', target: last.hash, detail: `${removed} entries before ${before}` })
        return removed
      })
    },
  }
}


/** Appends one entry to the chain; relays queue on the advisory lock (audit.ts). */
async function appendAudit(c: pg.PoolClient, e: AuditEntry): Promise<void> {
  await c.query(`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  const { rows } = await c.query<{ hash: string }>('select hash from audit_log where hash is not null order by id desc limit 1')
  const prevHash = rows[0]?.hash ?? GENESIS
  await c.query(
    `insert into audit_log (at, actor_id, action, target, detail, address, doc_name, village_id, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.at, e.actorId, e.action, e.target, e.detail, e.address ?? null, e.docName ?? null, e.villageId ?? null, prevHash, auditHash(prevHash, e)],
  )
}
