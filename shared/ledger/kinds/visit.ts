/** 走访 / 民情日记 (DOMAIN.md §2.9): who visited whom, when, and the 所想/所急/所需/所忧 heard. */
import { defineKind, text } from '../kind.js'

export const VISIT_TRIGGERS = ['定期走访', '重病', '灾害', '特殊节日', '思想异常', '突发事件', '邻里纠纷', '家庭重大变故', '有诉求'] as const

export const visit = defineKind({
  kind: 'visit',
  label: '走访',
  doc: 'ledger',
  sensitivity: 'P2',
  fields: [
    { key: 'date', label: '走访日期', type: 'date', required: true },
    { key: 'householdId', label: '走访户', type: 'ref', to: 'household', required: true },
    // Person-level visit rules (#15) count the visits that name the resident they select.
    { key: 'residentId', label: '走访对象（个人）', type: 'ref', to: 'resident', hint: '走访的是户里某个人（如独居老人、特殊人群）时选这个人' },
    { key: 'visitor', label: '走访人', type: 'text', required: true, max: 40 },
    { key: 'mode', label: '方式', type: 'enum', options: ['入户走访', '专题谈心', '座谈', '电话'] },
    { key: 'trigger', label: '走访事由', type: 'enum', options: VISIT_TRIGGERS },
    { key: 'thoughts', label: '所想', type: 'text', multiline: true },
    { key: 'urgent', label: '所急', type: 'text', multiline: true },
    { key: 'needs', label: '所需', type: 'text', multiline: true },
    { key: 'worries', label: '所忧', type: 'text', multiline: true },
    { key: 'helpGiven', label: '帮助解决情况', type: 'text', multiline: true },
  ],
  columns: ['date', 'householdId', 'visitor', 'mode', 'trigger', 'needs'],
  title: (v) => `${text(v, 'date')} ${text(v, 'visitor')}走访`,
  newDefaults: (today, me) => ({ date: today, visitor: me }),
})
