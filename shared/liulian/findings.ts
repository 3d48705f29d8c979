/**
 * One tap from a duty household's finding to the grid ledger (seed 000 应急联动: 「加强辖区内的
 * 安全隐患排查…及时上报」): the finding becomes a 安全隐患 (物, rectified under 五到位 and closed
 * by 销号) or an 事件 (closed loop), created through the ledger's own validation and record path,
 * so the grid worker sees it in their ledger like any other. The link is kept as a fact in the
 * 六联 doc, so a finding is raised once and its closing can be counted (figures.ts).
 */
import type * as Y from 'yjs'
import { incident } from '../ledger/kinds/incident.js'
import { thing } from '../ledger/kinds/thing.js'
import { createRecord, type Actor } from '../ledger/ledgerDoc.js'
import { validateRecord } from '../ledger/validate.js'
import { DUTY_TYPES, THREE_GUARANTEES, type DutyType } from './domains.js'
import { addRaised, listRaised, type DutyFact, type RaisedFact } from './liulianDoc.js'

export type RaiseTarget = 'hazard' | 'incident'

const INCIDENT_CATEGORY: Record<DutyType, string> = { inspection: '环境卫生', patrol: '治安', activity: '其他', hazardCheck: '消防安全', pairing: '民生服务', demonstration: '民生服务' }
const HAZARD_TYPE: Record<DutyType, string> = { inspection: '其他', patrol: '治安隐患', activity: '其他', hazardCheck: '其他', pairing: '其他', demonstration: '其他' }

/** The finding in words: what was written down plus every 包 that failed. */
export function findingText(fact: DutyFact): string {
  const failed = THREE_GUARANTEES.filter((g) => fact.checks && !fact.checks[g.key]).map((g) => `${g.label}不合格`)
  return [...failed, fact.finding?.trim() ?? ''].filter((s) => s !== '').join('；')
}

/** The ledger values a finding becomes (checked by the ledger's own validation before writing). */
export function findingValues(fact: DutyFact, target: RaiseTarget, groupName: string): Record<string, unknown> {
  const what = findingText(fact)
  const label = DUTY_TYPES[fact.type as DutyType].label
  const title = `${label}发现：${what}`.slice(0, 60)
  const location = fact.place?.trim() || groupName
  if (target === 'hazard') return { name: title, category: '安全隐患', thingType: HAZARD_TYPE[fact.type as DutyType], location, problem: `${groupName}${label}（${fact.date}）：${what}` }
  return { title, description: `${groupName}${label}（${fact.date}）：${what}`, occurredAt: fact.date, channel: '网格巡查', workType: '一般性', category: INCIDENT_CATEGORY[fact.type as DutyType], location, reporter: `${fact.byName}（六联轮值）`.slice(0, 40) }
}

export type RaiseResult = { ok: true; raised: RaisedFact; created: boolean } | { ok: false; errors: Record<string, string> }

/**
 * Writes the hazard or incident into the grid's ledger doc and records the link in the 六联 doc.
 * Raising the same finding again returns the first link and writes nothing.
 */
export function raiseFinding(liulian: Y.Doc, ledger: Y.Doc, gridId: string, fact: DutyFact, target: RaiseTarget, groupName: string, actor: Actor, at: string, today: string): RaiseResult {
  const already = listRaised(liulian).find((r) => r.dutyId === fact.id)
  if (already) return { ok: true, raised: already, created: false }
  if (findingText(fact) === '') return { ok: false, errors: { finding: '这条记录没有发现问题' } }
  const kind = target === 'hazard' ? thing : incident
  const checked = validateRecord(kind, findingValues(fact, target, groupName), today)
  if (!checked.ok) return checked
  const recordId = createRecord(ledger, kind, checked.values, actor, at)
  return { ok: true, created: true, raised: addRaised(liulian, { dutyId: fact.id, recordKind: kind.kind === 'thing' ? 'thing' : 'incident', gridId, recordId, at, by: actor.id }) }
}
