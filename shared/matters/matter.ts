/**
 * 民呼我应 (issue #23; F004 「民呼我应、六单联办」, F003§4 闭环反馈): a resident raises a matter on the
 * village's public board with no account. The matter is an incident with channel 群众反映 in the
 * grid the resident picked (or, when unsure, at the village level to assign) — or, for 邻里纠纷, a
 * dispute that enters the mediation chain (驻片调处 → 两委会商 → …, F003§3) — and what the resident
 * sees is derived from that record's facts, never stored apart:
 *
 *   已收到 → 已受理 → 处理中 → 已办结 (the 反馈当事人 note, the reply written for the resident) → 已回访 (rated)
 *
 * Rules here: the form's categories and how each maps onto a record; the form's validation
 * (one zod schema, Chinese messages); the tracking code's alphabet; the resident's stage.
 */
import * as z from 'zod'
import { addDays } from '../civilDate.js'
import { text, type LedgerRecord } from '../ledger/kind.js'
import { normalisePhone } from '../ledger/phone.js'
import { disputeStatus, type DisputeStatus } from '../ledger/workflows/dispute.js'
import { incidentStatus, RESIDENT_CHANNEL, type IncidentStatus, type MatterRating } from '../ledger/workflows/incident.js'
import type { INCIDENT_WORK_TYPES } from '../ledger/kinds/incident.js'
import type { DISPUTE_CATEGORIES } from '../ledger/kinds/dispute.js'

export const MATTER_CATEGORIES = ['环境卫生', '道路设施', '邻里纠纷', '治安', '困难求助', '意见建议', '其他'] as const
export type MatterCategory = (typeof MATTER_CATEGORIES)[number]

export type MatterKind = 'incident' | 'dispute'

/**
 * Each category as a record: an incident with its 事件类别 and 事项类型 (DOMAIN.md §3.1 routing by
 * work type), or a dispute with its 纠纷类别 (DOMAIN.md §3.2: a 邻里纠纷 is mediated, not handled).
 */
export const MATTER_ROUTING: Record<
  MatterCategory,
  { kind: 'incident'; category: string; workType: (typeof INCIDENT_WORK_TYPES)[number] } | { kind: 'dispute'; category: (typeof DISPUTE_CATEGORIES)[number] }
> = {
  环境卫生: { kind: 'incident', category: '环境卫生', workType: '一般性' },
  道路设施: { kind: 'incident', category: '基础设施', workType: '协调性' },
  邻里纠纷: { kind: 'dispute', category: '邻里纠纷' },
  治安: { kind: 'incident', category: '治安', workType: '协调性' },
  困难求助: { kind: 'incident', category: '民生服务', workType: '协调性' },
  意见建议: { kind: 'incident', category: '其他', workType: '一般性' },
  其他: { kind: 'incident', category: '其他', workType: '一般性' },
}

/**
 * 调处时限 of a resident's dispute: 「人民调解委员会调解纠纷，一般在一个月内调结」 (司法部《人民调解工作
 * 若干规定》第三十四条). The village may set another per case; overdue follows the field.
 */
export const RESIDENT_DISPUTE_DAYS = 30

/** Which record kind a category becomes. */
export function matterKind(category: MatterCategory): MatterKind {
  return MATTER_ROUTING[category].kind
}

/** The form's "I am not sure which grid" choice: the village assigns it. */
export const UNSURE_GRID = 'unsure'

export const DESCRIPTION_MAX = 1000
export const PLACE_MAX = 100

/** Control characters other than line breaks and tabs are dropped from what a resident types. */
function plainText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim()
}

export const matterFormSchema = z.object({
  category: z.enum(MATTER_CATEGORIES, { message: '请选择事项类别' }),
  description: z
    .string({ message: '请写明发生了什么' })
    .transform(plainText)
    .pipe(z.string().min(5, '请写明发生了什么（至少 5 个字）').max(DESCRIPTION_MAX, `事情经过最多 ${DESCRIPTION_MAX} 个字`)),
  place: z
    .string({ message: '请写明地点' })
    .transform(plainText)
    .pipe(z.string().min(2, '请写明在哪里（如：三组村道旁）').max(PLACE_MAX, `地点最多 ${PLACE_MAX} 个字`)),
  grid: z.string().max(64).default(UNSURE_GRID),
  phone: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      if (raw.trim() === '') return ''
      const result = normalisePhone(raw)
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.error })
        return z.NEVER
      }
      return result.value
    }),
})
export type MatterForm = z.infer<typeof matterFormSchema>

/** The incident's field values for a matter (validated against the incident kind by the caller). */
export function matterIncidentValues(form: MatterForm, today: string, unsure: boolean): Record<string, unknown> {
  const routing = MATTER_ROUTING[form.category]
  if (routing.kind !== 'incident') throw new Error(`${form.category} is not an incident`)
  const values: Record<string, unknown> = {
    title: matterTitle(form, unsure),
    description: form.description,
    occurredAt: today,
    channel: RESIDENT_CHANNEL,
    workType: routing.workType,
    category: routing.category,
    location: form.place,
    reporter: '群众（村务公开栏反映）',
  }
  if (form.phone) values.contactPhone = form.phone
  return values
}

/** The dispute's field values for a 邻里纠纷 (validated against the dispute kind by the caller). */
export function matterDisputeValues(form: MatterForm, today: string, unsure: boolean): Record<string, unknown> {
  const routing = MATTER_ROUTING[form.category]
  if (routing.kind !== 'dispute') throw new Error(`${form.category} is not a dispute`)
  const values: Record<string, unknown> = {
    summary: matterTitle(form, unsure),
    description: form.description,
    // The resident names no one on the public form; the 驻片 cadre finds out who.
    parties: '待核实（群众反映）',
    category: routing.category,
    severity: '一般',
    discoveredAt: today,
    location: form.place,
    deadline: addDays(today, RESIDENT_DISPUTE_DAYS),
    channel: RESIDENT_CHANNEL,
  }
  if (form.phone) values.contactPhone = form.phone
  return values
}

/** The form's category a matter's record was raised under (from its name), or the record's own category. */
export function matterCategory(record: Pick<LedgerRecord, 'kind' | 'values'>): string {
  const name = text(record.values, record.kind === 'dispute' ? 'summary' : 'title')
  return name.replace(/^【待村分派】/, '').match(/^【(.+?)】/)?.[1] ?? text(record.values, 'category')
}

/** The record's name: the category and the start of what happened; marked when the village must assign it. */
function matterTitle(form: MatterForm, unsure: boolean): string {
  return `${unsure ? '【待村分派】' : ''}【${form.category}】${form.description.replace(/\s+/g, ' ').slice(0, 30)}`
}

/** Tracking codes: 10 characters without look-alikes (0/O, 1/I/L), shown as XXXXX-XXXXX (50 bits). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
const CODE_LENGTH = 10

export function newTrackingCode(): string {
  const bytes = new Uint8Array(CODE_LENGTH)
  globalThis.crypto.getRandomValues(bytes)
  // 256 % 31 leaves a small bias; the code is a lookup key, not a secret of exact strength.
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

/** A code as the resident typed it ("k7p3q-9xqz2 ") → its stored form, or null if it cannot be one. */
export function normaliseTrackingCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '')
  return code.length === CODE_LENGTH && [...code].every((ch) => CODE_ALPHABET.includes(ch)) ? code : null
}

export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

export const MATTER_STAGES = ['received', 'accepted', 'handling', 'closed', 'revisited'] as const
export type MatterStage = (typeof MATTER_STAGES)[number]

export const MATTER_STAGE_LABELS: Record<MatterStage, string> = {
  received: '已收到',
  accepted: '已受理',
  handling: '处理中',
  closed: '已办结',
  revisited: '已回访',
}

export type MatterProgress = {
  stage: MatterStage
  label: string
  /** The reply written for the resident (the 反馈当事人 note), once 已办结. */
  reply: string | null
  rating: MatterRating | null
  /** Rated 不满意 and handed back to the village. */
  reopened: boolean
  /** The resident may rate now. */
  canRate: boolean
}

/** What the resident sees, from the incident's derived status only. */
export function matterProgress(status: IncidentStatus): MatterProgress {
  const stage = matterStage(status)
  const closed = stage === 'closed' || stage === 'revisited'
  return {
    stage,
    label: status.state === 'reopened' ? '处理中（您的不满意评价已转村里重新办理）' : MATTER_STAGE_LABELS[stage],
    reply: closed ? status.reply : null,
    rating: closed ? status.rating : null,
    reopened: status.state === 'reopened' || (status.rating === '不满意' && !closed),
    canRate: closed && status.rating === null,
  }
}

/** What the resident sees of a 邻里纠纷, from the dispute's derived status only. */
export function disputeMatterProgress(status: DisputeStatus): MatterProgress {
  const stage = disputeStage(status)
  const closed = stage === 'closed' || stage === 'revisited'
  return {
    stage,
    label: status.reopenedByResident ? '处理中（您的不满意评价已转村里重新调处）' : MATTER_STAGE_LABELS[stage],
    reply: closed ? status.reply : null,
    rating: closed ? status.rating : null,
    reopened: status.reopenedByResident,
    canRate: closed && status.rating === null,
  }
}

function disputeStage(status: DisputeStatus): MatterStage {
  if (status.outcome !== 'open') return status.fedBack ? (status.rating ? 'revisited' : 'closed') : 'handling'
  if (status.reopenedByResident || status.mediations > 0 || status.stage !== '驻片调处') return 'handling'
  return status.taken ? 'accepted' : 'received'
}

/** The resident's side of a matter's record, whichever kind it is: for the tracking page and the figures. */
export type MatterLoop = { progress: MatterProgress; spam: boolean; closedAt: string | null; ratings: readonly { rating: MatterRating; at: string }[] }

export function matterLoop(record: Pick<LedgerRecord, 'kind' | 'facts' | 'values' | 'createdById'>, today: string): MatterLoop {
  if (record.kind === 'dispute') {
    const status = disputeStatus(record, today)
    return { progress: disputeMatterProgress(status), spam: status.spam, closedAt: status.outcome !== 'open' && status.fedBack ? status.feedbackAt : null, ratings: status.ratings }
  }
  const status = incidentStatus(record, today)
  const closed = status.state === 'feedback' || status.state === 'archived'
  return { progress: matterProgress(status), spam: status.spam, closedAt: closed ? status.feedbackAt : null, ratings: status.ratings }
}

function matterStage(status: IncidentStatus): MatterStage {
  switch (status.state) {
    case 'feedback':
    case 'archived':
      return status.rating ? 'revisited' : 'closed'
    case 'reported':
    case 'escalated':
    case 'sentBack':
      return status.taken ? 'handling' : 'received'
    case 'accepted':
      return 'accepted'
    case 'handling':
    case 'resolved':
    case 'returned':
    case 'verified':
    case 'reopened':
    case 'reviewing':
    case 'approved':
    case 'denied':
      return 'handling'
  }
}
