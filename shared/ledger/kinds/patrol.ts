/**
 * 巡查 (DOMAIN.md §6 story 1; seed 003: 「網格員每天到所在網格進行巡查」, 「建立每日巡查制度…每天
 * 至少到網格巡查一次」, 「認真填寫工作日志,做到工作日清周結」): one patrol of the grid — when,
 * who, where, what was found and what was done on the spot. A finding becomes an 事件 or a
 * 安全隐患 in one tap (shared/ledger/patrol.ts); the link is a fact in the patrol's `_facts` log,
 * so it is made once and shows that record's status. The week's patrols, visits and closed-loop
 * work roll up into the 周结 (patrolWeek). On a village's 网格清扫日 (村级 / 镇级设置 gridCleaning;
 * F003§8 「至少每周一、三、五早上8點前…將各自網格的環境衛生進行徹底清掃」) the day's patrol says
 * whether the grid was cleaned, and whether before 8.
 */
import { defineKind, text } from '../kind.js'

export const PATROL_TIMES = ['上午', '下午', '晚间', '全天'] as const
/** 网格清扫 on a patrol: the first is on time (「早上8點前」). */
export const CLEANING_DONE = ['8点前清扫完毕', '8点后清扫'] as const
export const CLEANING_ON_TIME = CLEANING_DONE[0]

export const patrol = defineKind({
  kind: 'patrol',
  label: '巡查',
  doc: 'ledger',
  sensitivity: 'P2',
  logged: true,
  fields: [
    { key: 'date', label: '巡查日期', type: 'date', required: true },
    { key: 'patroller', label: '巡查人', type: 'text', required: true, max: 40 },
    { key: 'time', label: '时段', type: 'enum', options: PATROL_TIMES },
    { key: 'route', label: '巡查区域/路线', type: 'text', required: true, max: 200, hint: '如：1组—3组沿河路、村委会周边' },
    { key: 'findings', label: '发现的问题', type: 'text', multiline: true, max: 1000, hint: '没有发现问题可不填；每个问题可一键转为事件或隐患' },
    { key: 'handled', label: '现场处置情况', type: 'text', multiline: true, max: 1000 },
    { key: 'cleaning', label: '网格清扫', type: 'enum', options: CLEANING_DONE, hint: '本村设了网格清扫日的（村级设置），这天把网格环境卫生彻底清扫了就选' },
    { key: 'note', label: '备注', type: 'text', multiline: true, max: 500 },
  ],
  columns: ['date', 'patroller', 'time', 'route', 'findings'],
  title: (v) => `${text(v, 'date')} ${text(v, 'patroller')}巡查`,
  newDefaults: (today, me) => ({ date: today, patroller: me }),
})
