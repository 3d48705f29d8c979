/**
 * 物: public facilities with their inspections and 管护 (公益性设施, DOMAIN.md §2.10) and safety
 * hazards with the 五到位 rectification plan and 销号 (§2.8). Inspections, 管护 and rectification
 * steps are facts; the hazard's status and a facility's year of 管护 are derived (workflows/hazard.ts).
 */
import { defineKind, text, type LedgerRecord } from '../kind.js'
import { thingStatus, upkeepsIn } from '../workflows/hazard.js'

/** A facility's 管护 in the year of `today` (blank for a hazard): count, and cost in 元 of those that gave one. */
function upkeepThisYear(r: LedgerRecord, today: string): { count: number; cost: number } | null {
  const s = thingStatus(r, today)
  if (s.isHazard) return null
  return upkeepsIn(s, today.slice(0, 4))
}

export const thing = defineKind({
  kind: 'thing',
  label: '物',
  doc: 'ledger',
  sensitivity: 'P1',
  workflow: 'hazard',
  fields: [
    { key: 'name', label: '名称', type: 'text', required: true, max: 100 },
    { key: 'category', label: '类别', type: 'enum', required: true, options: ['公益设施', '安全隐患'] },
    { key: 'thingType', label: '类型', type: 'enum', options: ['公厕', '道路', '坑塘沟渠', '河道', '垃圾收集转运', '饮水', '小型水利', '消防设施', '文体设施', '消防隐患', '治安隐患', '交通隐患', '危化品', '建筑隐患', '地质灾害', '危房', '其他'] },
    { key: 'location', label: '位置', type: 'text', required: true, max: 200 },
    { key: 'custodian', label: '管护人/责任人', type: 'text', max: 40 },
    { key: 'severity', label: '隐患等级', type: 'enum', options: ['一般', '重大'] },
    { key: 'problem', label: '发现的问题', type: 'text', multiline: true },
    { key: 'planMeasures', label: '整改措施', type: 'text', multiline: true, hint: '五到位：措施' },
    { key: 'planResponsibleId', label: '整改责任人', type: 'member', nameKey: 'planResponsible', hint: '五到位：责任' },
    { key: 'planResponsible', label: '整改责任人', type: 'text', max: 40, hint: '五到位：责任' },
    { key: 'planFunds', label: '整改资金', type: 'text', max: 100, hint: '五到位：资金' },
    { key: 'planDeadline', label: '整改时限', type: 'date', hint: '五到位：时限' },
    { key: 'planContingency', label: '应急预案', type: 'text', multiline: true, hint: '五到位：预案' },
    { key: 'supervisedBy', label: '挂牌督办单位', type: 'text', max: 100 },
    // 包案领导 of a hazard (issue #15): a member, like a dispute's.
    { key: 'caseLeaderId', label: '包案领导', type: 'member', nameKey: 'caseLeader', hint: '安全隐患的包案领导' },
    { key: 'caseLeader', label: '包案领导', type: 'text', max: 40 },
  ],
  columns: ['name', 'category', 'thingType', 'location', 'custodian', 'severity', 'planDeadline'],
  derived: [
    { key: 'upkeepCount', label: '本年管护次数', numeric: true, value: (r, today) => String(upkeepThisYear(r, today)?.count ?? '') },
    { key: 'upkeepCost', label: '本年管护费用（元）', numeric: true, value: (r, today) => String(upkeepThisYear(r, today)?.cost ?? '') },
  ],
  title: (v) => text(v, 'name') || '（未命名）',
})
