/**
 * 事件 (DOMAIN.md §2.6, §3.1): a grid matter and its closed loop 上报→受理→处置→办结→核查→反馈→归档,
 * with escalation 网格→村→镇. Every step is a fact; status, level and overdue are derived
 * (workflows/incident.ts).
 */
import { defineKind, text } from '../kind.js'

export const INCIDENT_WORK_TYPES = ['一般性', '协调性', '突发性', '审批性'] as const

export const incident = defineKind({
  kind: 'incident',
  label: '事件',
  doc: 'ledger',
  sensitivity: 'P2',
  workflow: 'incident',
  fields: [
    { key: 'title', label: '事件名称', type: 'text', required: true, max: 100 },
    { key: 'description', label: '事件描述', type: 'text', required: true, multiline: true },
    { key: 'occurredAt', label: '发现日期', type: 'date', required: true },
    { key: 'channel', label: '来源渠道', type: 'enum', required: true, options: ['网格巡查', '群众反映', '上级交办', '下级上报', '服务热线', '走访发现'] },
    { key: 'workType', label: '事项类型', type: 'enum', required: true, options: INCIDENT_WORK_TYPES },
    { key: 'category', label: '事件类别', type: 'enum', options: ['治安', '消防安全', '环境卫生', '矛盾纠纷', '民生服务', '基础设施', '信访维稳', '自然灾害', '其他'] },
    { key: 'location', label: '地点', type: 'text', max: 200 },
    { key: 'reporter', label: '报告人', type: 'text', required: true, max: 40 },
    { key: 'householdIds', label: '涉及户', type: 'ref', to: 'household', multiple: true },
    { key: 'deadline', label: '办结时限', type: 'date' },
    { key: 'mustReport', label: '须第一时间上报', type: 'bool' },
    // 民呼我应 (#23): the resident's own phone, in the grid's ledger doc only (village cadres and the grid's workers).
    { key: 'contactPhone', label: '反映人联系电话', type: 'phone', masked: true, hint: '群众反映时留的电话，仅村干部和本网格网格员可见' },
  ],
  columns: ['occurredAt', 'title', 'workType', 'channel', 'reporter', 'deadline'],
  title: (v) => text(v, 'title') || '（未命名事件）',
})
