/**
 * 办结公示 (issue #23 item 5): "a resident's matter is public only as an anonymised summary, and
 * only if a cadre publishes it; nothing a resident writes is public by default". A cadre picks a
 * month's closed matters (反馈 given, not spam), writes a summary for each — prefilled from the
 * category and the reply written for the resident (the 反馈当事人 note), never from what the
 * resident wrote, their place, phone or household — and publishes them as one 村务公开 notice.
 *
 * Rules here, pure and shared:
 * - which matters a month lists, and each one's prefill;
 * - `anonymise`: digit runs that can be a phone or ID number, and every personal term the ledger
 *   knows (residents' names, household heads and addresses, the matter's place and phone), masked;
 * - `bulletinProblems`: a summary or body is refused while it still holds a personal term, a phone
 *   or ID-like number, or quotes the resident's own words — the cadre edits, the app never guesses;
 * - the notice's title and body.
 */
import { shanghaiDate } from '../civilDate.js'
import { text, type LedgerRecord } from '../ledger/kind.js'
import { RESIDENT_CHANNEL } from '../ledger/workflows/incident.js'
import { matterCategory, matterLoop } from './matter.js'

export type BulletinMatter = {
  recordId: string
  gridId: string
  kind: 'incident' | 'dispute'
  category: string
  /** Civil date (Asia/Shanghai) of the 反馈 that closed it. */
  closedOn: string
  /** The prefilled, anonymised summary the cadre edits. */
  summary: string
}

/** A resident's words are quoted when this many characters in a row reappear. */
export const QUOTE_LENGTH = 8
const MASK = '＊＊'
/** Seven or more digits, perhaps split by spaces or dashes, perhaps ending in X: a phone or an ID number. */
const NUMBER_LIKE = /\d(?:[\s-]?\d){6,}[Xx]?/g
const MIN_TERM = 2

/** The residents' matters closed in `month` (YYYY-MM), oldest first, with their prefilled summaries. */
export function bulletinMatters(records: readonly LedgerRecord[], month: string, today: string, personal: readonly string[]): BulletinMatter[] {
  return closedMatters(records, today, personal).filter((m) => m.closedOn.slice(0, 7) === month)
}

/** Every resident's matter closed (反馈 given) and not spam, oldest first. */
export function closedMatters(records: readonly LedgerRecord[], today: string, personal: readonly string[]): BulletinMatter[] {
  const out: BulletinMatter[] = []
  for (const record of records) {
    if ((record.kind !== 'incident' && record.kind !== 'dispute') || text(record.values, 'channel') !== RESIDENT_CHANNEL) continue
    const loop = matterLoop(record, today)
    if (loop.spam || !loop.closedAt) continue
    const category = matterCategory(record)
    const reply = loop.progress.reply ?? ''
    const closedOn = shanghaiDate(new Date(loop.closedAt))
    out.push({ recordId: record.id, gridId: record.gridId, kind: record.kind, category, closedOn, summary: prefillSummary(category, reply, [...personal, ...matterTerms(record)]) })
  }
  return out.sort((a, b) => (a.closedOn === b.closedOn ? 0 : a.closedOn < b.closedOn ? -1 : 1))
}

/**
 * The month the page opens on (`months` newest first, today's first of all): the latest finished
 * month with closed matters — a 办结公示 is for a month that is over — else today's month if it
 * has some, else last month.
 */
export function defaultBulletinMonth(months: readonly string[], closed: readonly Pick<BulletinMatter, 'closedOn'>[]): string {
  const has = (m: string) => closed.some((c) => c.closedOn.startsWith(m))
  const [current, ...finished] = months
  return finished.find(has) ?? (current && has(current) ? current : (finished[0] ?? current!))
}

export function prefillSummary(category: string, reply: string, personal: readonly string[]): string {
  const body = anonymise(reply.replace(/\s+/g, ' ').trim(), personal)
  return `【${category}】${body || '已办结。'}`
}

/** Masks number runs and every personal term (longest first, so a name inside an address goes with it). */
export function anonymise(value: string, personal: readonly string[]): string {
  let out = value.replace(NUMBER_LIKE, MASK)
  for (const term of usableTerms(personal)) out = out.split(term).join(MASK)
  return out
}

/** What of a matter's own record is personal: its place, phone and named parties (the text is checked apart). */
export function matterTerms(record: Pick<LedgerRecord, 'values'>): string[] {
  return ['location', 'contactPhone', 'parties'].map((key) => text(record.values, key)).filter((term) => term !== '' && !term.startsWith('待核实'))
}

/** Every name, head of household and address the ledger holds: masked wherever they appear. */
export function ledgerPersonalTerms(residents: readonly LedgerRecord[], households: readonly LedgerRecord[]): string[] {
  return [...residents.map((r) => text(r.values, 'name')), ...households.flatMap((h) => [text(h.values, 'headName'), text(h.values, 'address')])]
}

function usableTerms(personal: readonly string[]): string[] {
  return [...new Set(personal.map((t) => t.trim()).filter((t) => t.length >= MIN_TERM))].sort((a, b) => b.length - a.length)
}

/**
 * Why this text may not be published: a personal term, a phone- or ID-like number, or a run of
 * QUOTE_LENGTH characters from what a resident wrote. Empty when it may.
 */
export function bulletinProblems(value: string, personal: readonly string[], residentTexts: readonly string[]): string[] {
  const problems: string[] = []
  if (new RegExp(NUMBER_LIKE.source).test(value)) problems.push('含有像电话或身份证号的数字')
  const names = usableTerms(personal).filter((term) => value.includes(term))
  if (names.length > 0) problems.push(`含有个人信息（${names.map(hint).join('、')}）`)
  if (residentTexts.some((t) => quotes(value, t))) problems.push('引用了群众反映的原话')
  return problems
}

/** A found term named by its first character only, so the warning itself shows no one's data. */
function hint(term: string): string {
  return `${term.slice(0, 1)}${'＊'.repeat(Math.min(term.length - 1, 3))}`
}

function quotes(value: string, source: string): boolean {
  const squeezed = value.replace(/\s+/g, '')
  const words = source.replace(/\s+/g, '')
  for (let i = 0; i + QUOTE_LENGTH <= words.length; i++) if (squeezed.includes(words.slice(i, i + QUOTE_LENGTH))) return true
  return false
}

export function bulletinTitle(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月民呼我应办结公示`
}

/** The notice body: plain paragraphs (the notice chain sanitises and keeps line breaks). */
export function bulletinBody(month: string, closedCount: number, chosen: readonly Pick<BulletinMatter, 'summary' | 'closedOn'>[]): string {
  const when = `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`
  const lines = chosen.map((m, i) => `${i + 1}. ${m.summary.trim()}（${Number(m.closedOn.slice(5, 7))}月${Number(m.closedOn.slice(8, 10))}日办结）`)
  return [
    `${when}，本村通过村务公开栏“民呼我应”办结群众反映的事项 ${closedCount} 件，现将其中 ${chosen.length} 件的办理情况公示如下（已隐去反映人信息）：`,
    ...lines,
    '对办理结果有意见的，可凭查询码在村务公开栏评价，或直接向村委会反映。',
  ].join('\n\n')
}
