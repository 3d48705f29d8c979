/**
 * 民情联系卡 codes on the server (issue #17 item 5, #23 item 4; rules in storage/linkageCodes.ts):
 * a village cadre issues a code for one linked household and prints it on the card; the household
 * then rates its member once per half-year (a rating code, consumed atomically before the rating
 * is written into the member's linkage doc) or raises 民呼我应 matters as that household (the card
 * code, never consumed). Only the hash is stored; the plain code exists in the issuing response.
 */
import { createHash } from 'node:crypto'
import { docName } from '../../shared/docNames.js'
import { recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { newCardCode, normaliseCardCode, type IssueCodeRequest, type IssueCodeResponse } from '../../shared/linkage/cardCodes.js'
import { evaluationPeriodLabel, type Rating } from '../../shared/linkage/evaluation.js'
import { addEvaluation, readLinkage } from '../../shared/linkage/linkageDoc.js'
import { linkedHouseholdIds } from '../../shared/linkage/linkage.js'
import { villageGrids } from '../matters/matters.js'
import type { Relay } from '../relay/relay.js'
import type { LinkageCodeRow, LinkageCodeStore } from '../storage/linkageCodes.js'

/** A problem the person can act on, with the HTTP status to answer it with. */
export class CodeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message)
  }
}

export function hashCardCode(normalised: string): string {
  return createHash('sha256').update(`cunwu-card:${normalised}`).digest('hex')
}

/** The grid whose ledger doc holds the household (the card's matters go there). */
async function householdGrid(relay: Relay, villageId: string, householdId: string): Promise<string | null> {
  for (const grid of await villageGrids(relay, villageId)) {
    const found = await relay.withDoc(docName({ kind: 'ledger', villageId, gridId: grid.id }), async (room) => recordsMap(room.doc, 'household').has(householdId))
    if (found) return grid.id
  }
  return null
}

export async function issueCardCode(relay: Relay, codes: LinkageCodeStore, villageId: string, req: IssueCodeRequest, by: string, now: Date = new Date()): Promise<IssueCodeResponse> {
  const linkage = await relay.withDoc(docName({ kind: 'linkage', villageId, memberId: req.memberId }), async (room) => readLinkage(room.doc))
  if (!linkage) throw new CodeError('没有这名联系人的联网联户安排', 404)
  if (!linkedHouseholdIds(linkage).includes(req.householdId)) throw new CodeError('这户不是该联系人的联系户', 400)
  const gridId = await householdGrid(relay, villageId, req.householdId)
  if (!gridId) throw new CodeError('在本村网格台账里找不到这一户', 404)
  const period = req.kind === 'rating' ? req.period : null
  if (req.kind === 'rating') {
    const used = (await codes.list(villageId)).some((r) => r.kind === 'rating' && r.memberId === req.memberId && r.householdId === req.householdId && r.period === period && r.usedAt !== null)
    if (used) throw new CodeError(`这一户${evaluationPeriodLabel(req.period)}已经评议过，不能再发评议码`, 409)
  }
  const code = newCardCode()
  const issuedAt = now.toISOString()
  await codes.issue({ codeHash: hashCardCode(code), kind: req.kind, villageId, memberId: req.memberId, householdId: req.householdId, gridId, period, issuedAt, issuedBy: by, revokedAt: null, usedAt: null, rating: null })
  return { code, kind: req.kind, period, issuedAt }
}

/** The live row behind what a resident typed, or null (unknown, another village's, revoked). */
export async function findCardCode(codes: LinkageCodeStore, villageId: string, typed: string, kind: LinkageCodeRow['kind']): Promise<LinkageCodeRow | null> {
  const code = normaliseCardCode(typed)
  const row = code ? await codes.find(hashCardCode(code)) : null
  return row && row.villageId === villageId && row.kind === kind && row.revokedAt === null ? row : null
}

export type RatedMember = { memberName: string; post: string; period: string }

/**
 * Rates with a one-time code: consumed first (exactly one of two concurrent submissions wins),
 * then the rating is appended to the member's linkage doc under an id derived from the code, so
 * writing it again after a failed save adds nothing new.
 */
export async function rateWithCode(relay: Relay, codes: LinkageCodeStore, villageId: string, typed: string, rating: Rating, now: Date = new Date()): Promise<RatedMember> {
  const row = await findCardCode(codes, villageId, typed, 'rating')
  if (!row || row.period === null) throw new CodeError('评议码不对，请核对联系卡上的评议码后再输入。', 404)
  if (row.usedAt !== null) throw new CodeError('这个评议码已经用过了，每户每半年只能评议一次。', 409)
  const at = now.toISOString()
  if (!(await codes.consume(row.codeHash, at, rating))) throw new CodeError('这个评议码已经用过了，每户每半年只能评议一次。', 409)
  const period = row.period
  return relay.withDoc(docName({ kind: 'linkage', villageId, memberId: row.memberId }), async (room) => {
    const linkage = readLinkage(room.doc)
    addEvaluation(room.doc, { id: `code-${row.codeHash.slice(0, 32)}`, action: 'evaluate', by: 'public', byName: '联系户（评议码）', at, data: { householdId: row.householdId, period, rating, source: 'code' } })
    await room.flush()
    if (room.isFailed) throw new Error('linkage doc could not be saved')
    return { memberName: linkage?.memberName ?? '', post: linkage?.post ?? '', period }
  })
}
