/**
 * Kinds kept in the grid's `sensitive` doc (DOMAIN.md §2.4, §2.5, tier P3): special populations
 * under management and care/assistance records. They name a resident only by id; the resident
 * record in the ledger carries nothing of them, so a viewer without the sensitive grant cannot
 * tell from the ledger that a record exists.
 */
import { defineKind, text } from '../kind.js'

export const SPECIAL_CATEGORIES = ['刑满释放人员', '社区矫正对象', '吸毒人员', '易肇事肇祸精神障碍患者', '邪教人员', '重点青少年', '艾滋病人', '信访维稳重点人员'] as const
export const CARE_CATEGORIES = ['低保', '特困供养', '留守儿童', '留守老人', '留守妇女', '困境儿童', '高龄老人', '独居空巢老人', '重度残疾', '重病', '优抚对象', '防返贫监测'] as const

export const specialPerson = defineKind({
  kind: 'specialPerson',
  label: '特殊人群',
  doc: 'sensitive',
  sensitivity: 'P3',
  fields: [
    { key: 'residentId', label: '人员', type: 'ref', to: 'resident', required: true },
    { key: 'categories', label: '类别', type: 'tags', options: SPECIAL_CATEGORIES, required: true },
    { key: 'controlStatus', label: '管控状态', type: 'enum', required: true, options: ['在管', '脱管', '漏管'] },
    { key: 'agency', label: '主管单位', type: 'text', max: 60, hint: '如 司法所、派出所' },
    { key: 'contact', label: '包保责任人', type: 'text', max: 40 },
    { key: 'measures', label: '帮教措施', type: 'text', multiline: true },
    { key: 'since', label: '纳入日期', type: 'date' },
  ],
  columns: ['residentId', 'categories', 'controlStatus', 'agency', 'contact', 'since'],
  title: (v) => (Array.isArray(v.categories) ? (v.categories as string[]).join('、') : '特殊人群'),
})

export const careRecord = defineKind({
  kind: 'careRecord',
  label: '关爱帮扶',
  doc: 'sensitive',
  sensitivity: 'P3',
  fields: [
    { key: 'residentId', label: '人员', type: 'ref', to: 'resident', required: true },
    { key: 'category', label: '类别', type: 'enum', options: CARE_CATEGORIES, required: true },
    { key: 'enrolledAt', label: '纳入日期', type: 'date' },
    { key: 'exitedAt', label: '退出日期', type: 'date' },
    { key: 'exitReason', label: '退出原因', type: 'text', max: 200 },
    { key: 'helper', label: '结对帮扶人', type: 'text', max: 40 },
    { key: 'plan', label: '帮扶措施（一户一策）', type: 'text', multiline: true },
  ],
  columns: ['residentId', 'category', 'enrolledAt', 'exitedAt', 'helper'],
  title: (v) => text(v, 'category') || '关爱帮扶',
})
