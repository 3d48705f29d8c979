/**
 * 矛盾纠纷 (DOMAIN.md §2.7, §3.2). Stage changes, mediation records and the outcome are facts;
 * stage, status, overdue and 化解率 are derived (workflows/dispute.ts).
 */
import { defineKind, text } from '../kind.js'

export const DISPUTE_CATEGORIES = ['邻里纠纷', '婚姻家庭', '土地山林权属', '房屋土地征收', '劳资纠纷', '涉农问题', '环保问题', '涉众金融', '房地产', '信访', '其他'] as const

export const dispute = defineKind({
  kind: 'dispute',
  label: '矛盾纠纷',
  doc: 'ledger',
  sensitivity: 'P2',
  workflow: 'dispute',
  fields: [
    { key: 'summary', label: '纠纷概况', type: 'text', required: true, max: 500 },
    { key: 'parties', label: '当事人', type: 'text', required: true, max: 200, hint: '多名当事人用顿号分隔' },
    { key: 'partyIds', label: '当事人（本网格居民）', type: 'ref', to: 'resident', multiple: true },
    { key: 'category', label: '纠纷类别', type: 'enum', required: true, options: DISPUTE_CATEGORIES },
    { key: 'severity', label: '严重程度', type: 'enum', required: true, options: ['一般', '重大', '重大复杂疑难'] },
    { key: 'discoveredAt', label: '排查日期', type: 'date', required: true },
    { key: 'location', label: '发生地点', type: 'text', max: 200 },
    // 包案领导, 责任人, 调解员: members picked from the roster (the id), their name at the time beside it.
    { key: 'caseLeaderId', label: '包案领导', type: 'member', nameKey: 'caseLeader' },
    { key: 'caseLeader', label: '包案领导', type: 'text', max: 40 },
    { key: 'responsibleId', label: '责任人', type: 'member', nameKey: 'responsible' },
    { key: 'responsible', label: '责任人', type: 'text', max: 40 },
    { key: 'mediatorId', label: '调解员', type: 'member', nameKey: 'mediator' },
    { key: 'mediator', label: '调解员', type: 'text', max: 40 },
    { key: 'deadline', label: '调处时限', type: 'date' },
    { key: 'method', label: '调解方式', type: 'enum', options: ['人民调解', '司法调解', '行政调解'] },
    { key: 'trend', label: '态势预测', type: 'text', max: 500 },
    { key: 'backlog', label: '积案', type: 'bool' },
    // 民呼我应 (#23): a resident's 邻里纠纷 arrives with its own words, its channel and perhaps a phone.
    { key: 'description', label: '反映内容', type: 'text', multiline: true, max: 1000, hint: '群众反映的原话' },
    { key: 'channel', label: '来源渠道', type: 'enum', options: ['排查发现', '群众反映', '上级交办', '下级上报', '服务热线'] },
    { key: 'contactPhone', label: '反映人联系电话', type: 'phone', masked: true, hint: '群众反映时留的电话，仅村干部和本网格网格员可见' },
  ],
  columns: ['discoveredAt', 'summary', 'parties', 'category', 'severity', 'caseLeader', 'deadline'],
  title: (v) => text(v, 'summary') || '（未填概况）',
})
