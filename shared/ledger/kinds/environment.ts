/**
 * 人居环境检查 (DOMAIN.md §2.11, §6 story 13; seed 003: 「落實“門前三包”(包門前環境衛生清潔、包門前綠化
 * 管護、包門前良好秩序)和“院內三凈”(院落凈、廚房凈、廁所凈)制度措施」, 「發現問題及時指出,督促整改」,
 * 「積極創建“五美”庭院」, 「建立農戶評比表彰機制」): one check of one household's frontage and
 * courtyard against the six items, what failed, the deadline to put it right and the recheck.
 * Whether it passed, waits for rectification, is overdue or was put right is derived
 * (shared/ledger/environment.ts), and the checks of a period sum up into the reports upward.
 */
import { checkStatus, environmentStatus } from '../environment.js'
import { defineKind, text } from '../kind.js'

/** 门前三包 and 院内三净 in seed 003's words, one tag each for an item that failed: the built-in checklist, which a township or village may replace (shared/settings/checklists.ts). */
export const ENVIRONMENT_ITEMS = ['门前环境卫生清洁', '门前绿化管护', '门前良好秩序', '院落净', '厨房净', '厕所净'] as const

export const RECHECK_RESULTS = ['已整改', '未整改'] as const

export const environment = defineKind({
  kind: 'environment',
  label: '人居环境检查',
  doc: 'ledger',
  sensitivity: 'P2',
  fields: [
    { key: 'date', label: '检查日期', type: 'date', required: true },
    { key: 'householdId', label: '检查农户', type: 'ref', to: 'household', required: true },
    { key: 'inspector', label: '检查人', type: 'text', required: true, max: 40 },
    { key: 'failed', label: '不合格项', type: 'tags', options: ENVIRONMENT_ITEMS, checklist: 'environment', hint: '对照“门前三包”“院内三净”逐项检查，都合格的不选' },
    { key: 'problem', label: '存在问题', type: 'text', multiline: true, max: 1000, hint: '如：房后柴草乱堆、门前污水乱倒' },
    { key: 'rectifyBy', label: '整改期限', type: 'date', hint: '有不合格项时填写，到期复查' },
    { key: 'recheckedOn', label: '复查日期', type: 'date', hint: '到期复查时在这条检查记录里填写复查日期和结果，不必另建一条检查' },
    { key: 'recheckResult', label: '复查结果', type: 'enum', options: RECHECK_RESULTS },
    { key: 'fiveBeauty', label: '评为“五美”庭院', type: 'bool' },
    { key: 'note', label: '备注', type: 'text', multiline: true, max: 500 },
  ],
  columns: ['date', 'householdId', 'inspector', 'failed', 'envStatus', 'rectifyBy'],
  derived: [{ key: 'envStatus', label: '检查结果', value: (r, today, all) => (all ? checkStatus(r, all, today) : environmentStatus(r.values, today)) }],
  title: (v) => `${text(v, 'date')} 人居环境检查`,
  newDefaults: (today, me) => ({ date: today, inspector: me }),
})
