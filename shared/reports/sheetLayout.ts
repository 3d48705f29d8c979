/**
 * The layout of a report upward (issue #16 item 2), shared by the .xlsx, the .docx and the A4
 * print so the three never disagree: a title, 填报单位 / 统计期 / 填报日期, then tables, notes and
 * 制表人 / 审核人 / 单位负责人 left blank to be signed.
 *
 * Tables, in order:
 * - 各村情况 (township reports only): one row per village and 合计, one column per figure;
 * - the period's parts side by side, one row per figure: a 季报 shows its three months and the
 *   quarter, a 半年报 its six months and the half-year, a 年报 its four quarters and the year (a
 *   township checks a 年报 against the four 季报 it already submitted; twelve months would not
 *   fit an A4 sheet beside the figure names), a village 月报 the month alone;
 * - 六联机制: groups, households grouped, duty months done / due, findings raised / closed;
 * - 网格巡查 (seed 003: 「對每季度的巡查情況進行匯總」): patrols, grid-days patrolled / due,
 *   problems found, raised into the ledger, handled on the spot;
 * - 人居环境 (门前三包, 院内三净; seed 003's quarterly report): checks, households checked,
 *   passed, failed, put right, overdue, “五美”庭院.
 * Flow figures (上报, 办结, 受理, 调解成功, 已走访) count the records of each part; stock figures
 * (超期, 积案, 隐患, 应走访) are read at each part's end. The period column is computed for the
 * whole period, so for 办结-type figures it is not the sum of the parts (a record reported in
 * October and closed in November is 办结 in the quarter but not in October's column).
 * Counts only: nothing here can hold a name, ID number or phone.
 */
import type { EnvironmentRow, FacilityRow, LiulianRow, PatrolRow, ReportSheet, SheetPart } from '../api/reports.js'
import { formatRate } from '../ledger/stats.js'
import { REPORT_KIND_LABELS, reportPeriodLabel, type ReportPeriod } from './reportPeriod.js'
import type { ReportFigures } from './reportFigures.js'

/** The figures of a report in order: header (with its unit) and how each reads. */
export const FIGURE_ROWS: readonly { key: string; header: string; stock: boolean; value(f: ReportFigures): number | string }[] = [
  { key: 'incidents.reported', header: '事件上报(件)', stock: false, value: (f) => f.incidents.reported },
  { key: 'incidents.closed', header: '事件办结(件)', stock: false, value: (f) => f.incidents.closed },
  { key: 'incidents.closedOnTime', header: '按时办结(件)', stock: false, value: (f) => f.incidents.closedOnTime },
  { key: 'incidents.overdue', header: '事件超期(件)', stock: true, value: (f) => f.incidents.overdue },
  { key: 'incidents.escalated', header: '上报上级(件)', stock: false, value: (f) => f.incidents.escalated },
  { key: 'disputes.received', header: '纠纷受理(起)', stock: false, value: (f) => f.disputes.received },
  { key: 'disputes.resolved', header: '调解成功(起)', stock: false, value: (f) => f.disputes.resolved },
  { key: 'disputes.rate', header: '化解率', stock: false, value: (f) => formatRate(f.disputes.rate) },
  { key: 'disputes.backlog', header: '积案(起)', stock: true, value: (f) => f.disputes.backlog },
  { key: 'hazards.open', header: '隐患未销号(处)', stock: true, value: (f) => f.hazards.open },
  { key: 'hazards.overdue', header: '隐患超期(处)', stock: true, value: (f) => f.hazards.overdue },
  { key: 'visits.due', header: '应走访(户次)', stock: true, value: (f) => f.visits.due },
  { key: 'visits.done', header: '已走访(次)', stock: false, value: (f) => f.visits.done },
]

export const LIULIAN_ROWS: readonly { header: string; value(f: LiulianRow['figures']): number }[] = [
  { header: '联动小组(个)', value: (f) => f.groups },
  { header: '入组户(户)', value: (f) => f.households },
  { header: '应值班月(组月)', value: (f) => f.dutyMonthsDue },
  { header: '已值班月(组月)', value: (f) => f.dutyMonthsDone },
  { header: '发现问题上报(件)', value: (f) => f.findingsRaised },
  { header: '发现问题办结(件)', value: (f) => f.findingsClosed },
]

/**
 * A column of a village table. `required` gives what a requirement the villages set makes due (网格
 * 清扫日, 公益设施检查周期): the column shows only where some village has it above 0, and not at
 * all for a report submitted before it was counted (a row without it).
 */
export type CountColumn<F> = { header: string; value(f: F): number; required?(f: F): number | undefined }

/** The columns these rows show (see CountColumn.required). */
export function shownColumns<F>(columns: readonly CountColumn<F>[], rows: readonly { figures: F }[]): readonly CountColumn<F>[] {
  return columns.filter((c) => !c.required || (rows.every((r) => c.required!(r.figures) !== undefined) && rows.some((r) => (c.required!(r.figures) ?? 0) > 0)))
}

export const PATROL_ROWS: readonly CountColumn<PatrolRow['figures']>[] = [
  { header: '巡查(次)', value: (f) => f.patrols },
  { header: '巡查网格日', value: (f) => f.gridDays },
  { header: '应巡查网格日', value: (f) => f.gridDaysDue },
  { header: '发现问题(个)', value: (f) => f.findings },
  { header: '转事件隐患(件)', value: (f) => f.raised },
  { header: '现场处置(次)', value: (f) => f.handled },
  { header: '应清扫网格日', value: (f) => f.cleaningDaysDue ?? 0, required: (f) => f.cleaningDaysDue },
  { header: '清扫网格日', value: (f) => f.cleaningDays ?? 0, required: (f) => f.cleaningDaysDue },
  { header: '其中8点前', value: (f) => f.cleaningDaysOnTime ?? 0, required: (f) => f.cleaningDaysDue },
]

/** What the 巡查 figures count (the sheet's note and the dashboard's). */
export const PATROL_NOTE = '按巡查日期计入本期；巡查网格日为各网格有巡查记录的天数之和，应巡查网格日为网格数×本期已过天数（每天至少巡查一次；本村启用前的日子不计）；转事件隐患为巡查发现的问题转入台账的事件和安全隐患；设了网格清扫日（村级或镇级设置，如周一、三、五）的村，应清扫网格日为其中落在清扫日的网格日，清扫网格日为巡查记录填了网格清扫的，其中8点前为8点前清扫完毕的。'
/** What the 人居环境 figures count (the sheet's note and the dashboard's). */
export const ENVIRONMENT_NOTE = '按检查日期计入本期，对照人居环境检查项（默认为“门前三包”“院内三净”，镇、村可另行设置）逐项检查，有一项不合格即为不合格；已整改、逾期未整改为本期不合格户次中截至期末（进行中的为当日）复查已整改或之后再查合格的，和过了整改期限仍未整改的。'

export const ENVIRONMENT_ROWS: readonly { header: string; value(f: EnvironmentRow['figures']): number }[] = [
  { header: '检查(户次)', value: (f) => f.checks },
  { header: '检查农户(户)', value: (f) => f.households },
  { header: '合格(户次)', value: (f) => f.passed },
  { header: '不合格(户次)', value: (f) => f.failed },
  { header: '已整改(户次)', value: (f) => f.rectified },
  { header: '逾期未整改(户次)', value: (f) => f.overdue },
  { header: '“五美”庭院(户)', value: (f) => f.fiveBeauty },
]

export const FACILITY_NOTE = '公益设施为期末已登记的公厕、道路、坑塘沟渠、河道、垃圾收集转运等设施；检查、管护（维管、保洁、清运）按日期计入本期，管护费用为其中登记了费用的合计（元）；应定期检查为按本村公益设施检查周期（村级或镇级设置）在本期内结束的每个周期、每处当时已登记的设施计一处次（未设周期的村记 0），未按期检查为其中该周期内没有检查记录的。'

export const FACILITY_ROWS: readonly CountColumn<FacilityRow['figures']>[] = [
  { header: '公益设施(处)', value: (f) => f.facilities },
  { header: '检查(次)', value: (f) => f.inspections },
  { header: '应定期检查(处次)', value: (f) => f.inspectionsDue ?? 0, required: (f) => f.inspectionsDue },
  { header: '未按期检查(处次)', value: (f) => f.inspectionsMissed ?? 0, required: (f) => f.inspectionsDue },
  { header: '管护(次)', value: (f) => f.upkeeps },
  { header: '管护费用(元)', value: (f) => f.upkeepCost },
]

/** The parts a period shows side by side: a quarter's or a half's months, a year's quarters; none for a month. */
export function reportParts(period: Pick<ReportPeriod, 'kind' | 'start'>): { key: string; label: string; start: string; end: string }[] {
  const year = period.start.slice(0, 4)
  const first = Number(period.start.slice(5, 7))
  const month = (m: number) => {
    const mm = String(m).padStart(2, '0')
    return { key: `${year}-${mm}`, label: `${m}月`, start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(daysIn(Number(year), m)).padStart(2, '0')}` }
  }
  switch (period.kind) {
    case 'month':
      return []
    case 'quarter':
      return [0, 1, 2].map((i) => month(first + i))
    case 'half':
      return [0, 1, 2, 3, 4, 5].map((i) => month(first + i))
    case 'year':
      return [1, 2, 3, 4].map((q) => ({ key: `${year}-Q${q}`, label: `第${q}季度`, start: month(q * 3 - 2).start, end: month(q * 3).end }))
  }
}

const WHOLE_LABEL: Record<ReportPeriod['kind'], string> = { month: '本月', quarter: '本季度', half: '半年', year: '全年' }

export type SheetCell = string | number
export type SheetTable = { key: 'villages' | 'parts' | 'liulian' | 'patrols' | 'environment' | 'facilities'; caption: string; header: string[]; rows: { cells: SheetCell[]; total: boolean }[] }
export type SheetLayout = { title: string; unit: string; periodLine: string; filledOn: string; tables: SheetTable[]; notes: string[]; signatures: string[]; footer: string }

export function reportTitle(unit: string, period: Pick<ReportPeriod, 'kind' | 'start' | 'key' | 'end'>): string {
  return `${unit}${reportPeriodLabel(period as ReportPeriod)}基层治理工作${REPORT_KIND_LABELS[period.kind]}`
}

/** The whole layout of a report sheet, every cell a count or a fixed label. */
export function sheetLayout(sheet: ReportSheet): SheetLayout {
  const period = { key: sheet.period, kind: sheet.kind, start: sheet.start, end: sheet.end } as ReportPeriod
  const { figures } = sheet
  const township = sheet.scope === 'township'
  const tables: SheetTable[] = []
  if (township)
    tables.push({
      key: 'villages',
      caption: '各村情况',
      header: ['单位', ...FIGURE_ROWS.map((r) => r.header)],
      rows: [...figures.villages.map((v) => ({ cells: [v.name, ...FIGURE_ROWS.map((r) => r.value(v))], total: false })), { cells: ['合计', ...FIGURE_ROWS.map((r) => r.value(figures.totals))], total: true }],
    })
  const parts: readonly SheetPart[] = figures.parts ?? []
  if (parts.length > 0 || !township) {
    const caption = sheet.kind === 'year' ? '分季度情况' : sheet.kind === 'month' ? '本月情况' : '分月情况'
    tables.push({
      key: 'parts',
      caption: township ? `${caption}（全镇合计）` : caption,
      header: ['项目', ...parts.map((p) => p.label), sheet.kind === 'month' ? WHOLE_LABEL.month : `${WHOLE_LABEL[sheet.kind]}合计`],
      rows: FIGURE_ROWS.map((r) => ({ cells: [r.header, ...parts.map((p) => (p.figures ? r.value(p.figures) : '—')), r.value(figures.totals)], total: false })),
    })
  }
  const liulian = figures.liulian ?? []
  if (liulian.length > 0) tables.push(villageTable('liulian', '“六联机制”工作情况', liulian, LIULIAN_ROWS, township))
  const patrols = figures.patrols ?? []
  if (patrols.length > 0) tables.push(villageTable('patrols', '网格巡查情况', patrols, shownColumns(PATROL_ROWS, patrols), township))
  const environment = figures.environment ?? []
  if (environment.length > 0) tables.push(villageTable('environment', '人居环境检查情况', environment, ENVIRONMENT_ROWS, township))
  const facilities = figures.facilities ?? []
  if (facilities.length > 0) tables.push(villageTable('facilities', '公益设施检查管护情况', facilities, shownColumns(FACILITY_ROWS, facilities), township))
  const notes = ['化解率＝调解成功÷纠纷受理，当期未受理纠纷的记“—”。']
  notes.push(
    parts.length > 0
      ? `超期、积案、隐患、应走访为各期期末数（进行中的为当日数），${WHOLE_LABEL[sheet.kind]}合计列为全期期末数；上报、受理、已走访按记录日期计入各期；办结、调解成功、上报上级按该期受理的记录计，${WHOLE_LABEL[sheet.kind]}合计列按全期计，不等于各期相加；尚未开始的期记“—”。`
      : '超期、积案、隐患、应走访为期末数（进行中的统计期为当日数）。',
  )
  if (liulian.length > 0) notes.push('六联：组数、入组户为期末数；值班月为本期各组应轮值的月份（组月）及其中有值班记录的；发现问题为本期上报台账的及其中期末前销号或办结的。')
  if (patrols.length > 0) notes.push(`巡查：${PATROL_NOTE}`)
  if (environment.length > 0) notes.push(`人居环境：${ENVIRONMENT_NOTE}`)
  if (facilities.length > 0) notes.push(`公益设施：${FACILITY_NOTE}`)
  if (!township && figures.parts === undefined && sheet.kind !== 'month') notes.push('本表报送时未保存分期数字，分期列从略。')
  const footer = sheet.submitted
    ? `已于 ${sheet.filledOn} 报送，校验码 ${sheet.submitted.hash.slice(0, 16)}${sheet.submitted.intact ? '' : '（与存档数字不符，存档可能被改动）'}`
    : `本表由台账数据生成（截至 ${sheet.asOf}），尚未报送`
  return {
    title: sheet.title,
    unit: sheet.unit,
    periodLine: `${reportPeriodLabel(period)}（${sheet.start} 至 ${sheet.end}）`,
    filledOn: sheet.filledOn,
    tables,
    notes,
    signatures: ['制表人：', '审核人：', '单位负责人：'],
    footer,
  }
}

/** A table of one row per village, one column per figure, and 合计 in a township's report. */
function villageTable<F>(key: SheetTable['key'], caption: string, villages: readonly { name: string; figures: F }[], columns: readonly { header: string; value(f: F): number }[], township: boolean): SheetTable {
  // In fen, so a sum of 元 (管护费用) is exact; counts are unchanged by it.
  const sum = (pick: (f: F) => number) => villages.reduce((n, v) => n + Math.round(pick(v.figures) * 100), 0) / 100
  return {
    key,
    caption,
    header: ['单位', ...columns.map((c) => c.header)],
    rows: [...villages.map((v) => ({ cells: [v.name, ...columns.map((c) => c.value(v.figures))], total: false })), ...(township ? [{ cells: ['合计', ...columns.map((c) => sum(c.value))], total: true }] : [])],
  }
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}
