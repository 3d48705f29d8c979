/**
 * 民情联系卡 codes (issue #17 item 5, #23 item 4), stored hashed (SHA-256 of the normalised code):
 * whoever reads this table cannot print a card or rate as a household. Two kinds:
 *
 *   card    the household's lasting code on its 联系卡; raising a 民呼我应 matter with it never
 *           consumes it; issuing a new card code revokes the household's earlier one
 *   rating  a one-time code to rate the household's linked member for one half-year; it is
 *           consumed by the single `consume` that finds it unused (an atomic conditional update,
 *           so two concurrent submissions cannot both pass); issuing again revokes unused ones
 *
 * Rows are never deleted. Nothing personal is stored: ids only (the household's facts live in
 * the grid's ledger doc).
 */
import * as z from 'zod'

export const LINKAGE_CODE_KINDS = ['card', 'rating'] as const
export type LinkageCodeKind = (typeof LINKAGE_CODE_KINDS)[number]

export const linkageCodeRowSchema = z.object({
  codeHash: z.string().length(64),
  kind: z.enum(LINKAGE_CODE_KINDS),
  villageId: z.string().min(1),
  memberId: z.string().min(1),
  householdId: z.string().min(1),
  gridId: z.string().min(1),
  /** rating codes: the half-year rated (evaluation.ts), e.g. 2026H1; card codes: null. */
  period: z.string().nullable(),
  issuedAt: z.string().min(1),
  issuedBy: z.string().min(1),
  revokedAt: z.string().nullable(),
  usedAt: z.string().nullable(),
  rating: z.string().nullable(),
})
export type LinkageCodeRow = z.infer<typeof linkageCodeRowSchema>

export interface LinkageCodeStore {
  /** Stores a new code and revokes the household's earlier live codes of that kind (and period). */
  issue(row: LinkageCodeRow): Promise<void>
  find(codeHash: string): Promise<LinkageCodeRow | null>
  /** Marks an unused, unrevoked rating code used; true for exactly one caller. */
  consume(codeHash: string, at: string, rating: string): Promise<boolean>
  list(villageId: string): Promise<LinkageCodeRow[]>
}

export type LinkageCodeDb = {
  code_hash: string
  kind: string
  village_id: string
  member_id: string
  household_id: string
  grid_id: string
  period: string | null
  issued_at: string
  issued_by: string
  revoked_at: string | null
  used_at: string | null
  rating: string | null
}

export const LINKAGE_CODE_COLUMNS = 'code_hash, kind, village_id, member_id, household_id, grid_id, period, issued_at, issued_by, revoked_at, used_at, rating'

export function toLinkageCodeRow(r: LinkageCodeDb): LinkageCodeRow {
  return linkageCodeRowSchema.parse({
    codeHash: r.code_hash,
    kind: r.kind,
    villageId: r.village_id,
    memberId: r.member_id,
    householdId: r.household_id,
    gridId: r.grid_id,
    period: r.period,
    issuedAt: r.issued_at,
    issuedBy: r.issued_by,
    revokedAt: r.revoked_at,
    usedAt: r.used_at,
    rating: r.rating,
  })
}

export function linkageCodeParams(r: LinkageCodeRow): (string | null)[] {
  return [r.codeHash, r.kind, r.villageId, r.memberId, r.householdId, r.gridId, r.period, r.issuedAt, r.issuedBy, r.revokedAt, r.usedAt, r.rating]
}

/** The live codes an issue replaces: same household and kind; for ratings, same member and period, unused. */
export const REVOKE_WHERE = (p: (n: number) => string) =>
  `village_id = ${p(1)} and household_id = ${p(2)} and kind = ${p(3)} and revoked_at is null and used_at is null
   and (kind = 'card' or (member_id = ${p(4)} and period = ${p(5)}))`
