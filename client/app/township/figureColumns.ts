/**
 * The township dashboard's columns: each figure's label, where its count and the ids behind it
 * sit, and which ledger kind those ids open in (a household for a visit due).
 */
import type { TownshipDashboard } from '../../../shared/api/reports'
import { formatRate } from '../../../shared/ledger/stats'
import type { LiulianFigures } from '../../../shared/liulian/figures'
import type { ReportFigures } from '../../../shared/reports/reportFigures'

type Records = TownshipDashboard['villages'][number]['grids'][number]['records']

export type FigureColumn = {
  key: string
  group: '事件' | '矛盾纠纷' | '安全隐患' | '走访'
  label: string
  /** The ledger kind the records behind it are. */
  kind: 'incident' | 'dispute' | 'thing' | 'household' | 'visit'
  value(f: ReportFigures): number
  ids(r: Records): readonly string[]
  warn?: boolean
}

export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  { key: 'incidents.reported', group: '事件', label: '上报', kind: 'incident', value: (f) => f.incidents.reported, ids: (r) => r.incidents.reported },
  { key: 'incidents.closedOnTime', group: '事件', label: '按时办结', kind: 'incident', value: (f) => f.incidents.closedOnTime, ids: (r) => r.incidents.closedOnTime },
  { key: 'incidents.overdue', group: '事件', label: '超期', kind: 'incident', value: (f) => f.incidents.overdue, ids: (r) => r.incidents.overdue, warn: true },
  { key: 'incidents.escalated', group: '事件', label: '上报上级', kind: 'incident', value: (f) => f.incidents.escalated, ids: (r) => r.incidents.escalated },
  { key: 'disputes.received', group: '矛盾纠纷', label: '受理', kind: 'dispute', value: (f) => f.disputes.received, ids: (r) => r.disputes.received },
  { key: 'disputes.resolved', group: '矛盾纠纷', label: '调结', kind: 'dispute', value: (f) => f.disputes.resolved, ids: (r) => r.disputes.resolved },
  { key: 'disputes.backlog', group: '矛盾纠纷', label: '积案', kind: 'dispute', value: (f) => f.disputes.backlog, ids: (r) => r.disputes.backlog, warn: true },
  { key: 'hazards.open', group: '安全隐患', label: '未销号', kind: 'thing', value: (f) => f.hazards.open, ids: (r) => r.hazards.open },
  { key: 'hazards.overdue', group: '安全隐患', label: '超期', kind: 'thing', value: (f) => f.hazards.overdue, ids: (r) => r.hazards.overdue, warn: true },
  { key: 'visits.due', group: '走访', label: '待走访户', kind: 'household', value: (f) => f.visits.due, ids: (r) => r.visits.due, warn: true },
  { key: 'visits.done', group: '走访', label: '已走访', kind: 'visit', value: (f) => f.visits.done, ids: (r) => r.visits.done },
]

/** The 六联 table's columns (issue #18 item 6): counts per village, duty months as done／due. */
export const LIULIAN_COLUMNS: readonly { key: string; group: string; label: string; text(f: LiulianFigures): string }[] = [
  { key: 'groups', group: '联动小组', label: '组数', text: (f) => String(f.groups) },
  { key: 'households', group: '联动小组', label: '入组户', text: (f) => String(f.households) },
  { key: 'duty', group: '值班月', label: '已值／应值', text: (f) => `${f.dutyMonthsDone}／${f.dutyMonthsDue}` },
  { key: 'raised', group: '发现问题', label: '上报', text: (f) => String(f.findingsRaised) },
  { key: 'closed', group: '发现问题', label: '办结', text: (f) => String(f.findingsClosed) },
]

export const KIND_NOUNS: Record<FigureColumn['kind'], string> = { incident: '事件', dispute: '纠纷', thing: '隐患', household: '户', visit: '走访记录' }

export function rateText(f: ReportFigures): string {
  return formatRate(f.disputes.rate)
}
