/**
 * The report layout (shared/reports/sheetLayout.ts): which parts a period shows side by side,
 * and that every cell of the tables is the figure it names — the parts' columns, the period's
 * column, the villages' rows and 合计, the 六联 and 巡查 tables — for a township and for a village,
 * and a report submitted before the 巡查 figures (or 公益设施's 定期检查 figures) were kept.
 */
import { describe, expect, it } from 'vitest'
import type { ReportSheet } from '../../shared/api/reports.js'
import { EMPTY_FIGURES, sumFigures, type ReportFigures } from '../../shared/reports/reportFigures.js'
import { parseReportPeriod } from '../../shared/reports/reportPeriod.js'
import { reportParts, sheetLayout } from '../../shared/reports/sheetLayout.js'

const figures = (received: number, resolved: number, overdue: number): ReportFigures => ({
  ...EMPTY_FIGURES,
  incidents: { ...EMPTY_FIGURES.incidents, overdue },
  disputes: { received, resolved, rate: received ? resolved / received : null, backlog: 0 },
})

describe('reportParts', () => {
  it('a quarter is its three months, a half its six, a year its four quarters, a month nothing', () => {
    const parts = (key: string) => reportParts(parseReportPeriod(key)!).map((p) => `${p.key} ${p.label} ${p.start}..${p.end}`)
    expect(parts('2026-Q1')).toEqual(['2026-01 1月 2026-01-01..2026-01-31', '2026-02 2月 2026-02-01..2026-02-28', '2026-03 3月 2026-03-01..2026-03-31'])
    expect(parts('2028-Q1')[1]).toBe('2028-02 2月 2028-02-01..2028-02-29')
    expect(parts('2026-H2').map((p) => p.split(' ')[1])).toEqual(['7月', '8月', '9月', '10月', '11月', '12月'])
    expect(parts('2026')).toEqual(['2026-Q1 第1季度 2026-01-01..2026-03-31', '2026-Q2 第2季度 2026-04-01..2026-06-30', '2026-Q3 第3季度 2026-07-01..2026-09-30', '2026-Q4 第4季度 2026-10-01..2026-12-31'])
    expect(parts('2026-11')).toEqual([])
  })
})

function townshipSheet(): ReportSheet {
  const a = { villageId: 'a', name: '甲村', ...figures(3, 2, 1) }
  const b = { villageId: 'b', name: '乙村', ...figures(0, 0, 4) }
  return {
    scope: 'township',
    unit: '青山镇',
    title: '青山镇2026年第4季度基层治理工作季报',
    period: '2026-Q4',
    kind: 'quarter',
    start: '2026-10-01',
    end: '2026-12-31',
    asOf: '2026-12-01',
    filledOn: '2026-12-01',
    submitted: null,
    figures: {
      period: '2026-Q4',
      villages: [a, b],
      totals: sumFigures([a, b]),
      parts: [
        { key: '2026-10', label: '10月', start: '2026-10-01', end: '2026-10-31', figures: figures(1, 1, 2) },
        { key: '2026-11', label: '11月', start: '2026-11-01', end: '2026-11-30', figures: figures(2, 0, 5) },
        { key: '2026-12', label: '12月', start: '2026-12-01', end: '2026-12-31', figures: null },
      ],
      liulian: [
        { villageId: 'a', name: '甲村', figures: { groups: 3, households: 30, dutyMonthsDue: 6, dutyMonthsDone: 5, findingsRaised: 4, findingsClosed: 2 } },
        { villageId: 'b', name: '乙村', figures: { groups: 1, households: 9, dutyMonthsDue: 2, dutyMonthsDone: 0, findingsRaised: 1, findingsClosed: 1 } },
      ],
      patrols: [
        { villageId: 'a', name: '甲村', figures: { patrols: 70, gridDays: 55, gridDaysDue: 62, findings: 12, raised: 5, handled: 6 } },
        { villageId: 'b', name: '乙村', figures: { patrols: 0, gridDays: 0, gridDaysDue: 62, findings: 0, raised: 0, handled: 0 } },
      ],
      environment: [
        { villageId: 'a', name: '甲村', figures: { checks: 40, households: 35, passed: 30, failed: 10, rectified: 7, overdue: 2, fiveBeauty: 4 } },
        { villageId: 'b', name: '乙村', figures: { checks: 5, households: 5, passed: 5, failed: 0, rectified: 0, overdue: 0, fiveBeauty: 1 } },
      ],
    },
  }
}

describe('sheetLayout', () => {
  it("a township 季报: villages and 合计, the months beside the quarter, the 六联 table with its 合计", () => {
    const layout = sheetLayout(townshipSheet())
    expect(layout.tables.map((t) => t.key)).toEqual(['villages', 'parts', 'liulian', 'patrols', 'environment'])
    const [villages, parts, liulian, patrols, environment] = layout.tables
    const col = (h: string) => villages!.header.indexOf(h)
    const row = (name: string) => villages!.rows.find((r) => r.cells[0] === name)!.cells
    expect(row('甲村')[col('纠纷受理(起)')]).toBe(3)
    expect(row('甲村')[col('化解率')]).toBe('66.7%')
    expect(row('乙村')[col('化解率')]).toBe('—')
    expect(row('合计')[col('事件超期(件)')]).toBe(5)
    expect(villages!.rows.at(-1)!.total).toBe(true)
    expect(parts!.header).toEqual(['项目', '10月', '11月', '12月', '本季度合计'])
    expect(parts!.rows.find((r) => r.cells[0] === '纠纷受理(起)')!.cells).toEqual(['纠纷受理(起)', 1, 2, '—', 3])
    expect(parts!.rows.find((r) => r.cells[0] === '事件超期(件)')!.cells).toEqual(['事件超期(件)', 2, 5, '—', 5])
    expect(liulian!.rows.at(-1)!.cells).toEqual(['合计', 4, 39, 8, 5, 5, 3])
    expect(patrols!.header).toEqual(['单位', '巡查(次)', '巡查网格日', '应巡查网格日', '发现问题(个)', '转事件隐患(件)', '现场处置(次)'])
    expect(patrols!.rows.map((r) => r.cells)).toEqual([
      ['甲村', 70, 55, 62, 12, 5, 6],
      ['乙村', 0, 0, 62, 0, 0, 0],
      ['合计', 70, 55, 124, 12, 5, 6],
    ])
    expect(layout.notes.join('')).toContain('应巡查网格日为网格数×本期已过天数')
    expect(environment!.caption).toBe('人居环境检查情况')
    expect(environment!.rows.map((r) => r.cells)).toEqual([
      ['甲村', 40, 35, 30, 10, 7, 2, 4],
      ['乙村', 5, 5, 5, 0, 0, 0, 1],
      ['合计', 45, 40, 35, 10, 7, 2, 5],
    ])
    expect(layout.notes.join('')).toContain('有一项不合格即为不合格')
    expect(layout.footer).toContain('尚未报送')
    expect(layout.notes.join('')).toContain('不等于各期相加')
  })

  it('a village 月报: one column of figures, no villages table, and a submitted footer with the hash', () => {
    const s = townshipSheet()
    const village: ReportSheet = {
      ...s,
      scope: 'a',
      unit: '甲村',
      kind: 'month',
      period: '2026-10',
      end: '2026-10-31',
      submitted: { submittedAt: '2026-11-02T01:00:00.000Z', hash: 'ab'.repeat(32), intact: true },
      figures: { period: '2026-10', villages: [s.figures.villages[0]!], totals: s.figures.villages[0]!, parts: [], liulian: [s.figures.liulian![0]!] },
    }
    // Submitted before the 巡查 figures were kept: no 巡查 table, nothing made up.
    const layout = sheetLayout(village)
    expect(layout.tables.map((t) => t.key)).toEqual(['parts', 'liulian'])
    expect(layout.notes.join('')).not.toContain('巡查')
    expect(layout.notes.join('')).not.toContain('人居环境')
    expect(layout.tables[0]!.header).toEqual(['项目', '本月'])
    expect(layout.tables[0]!.rows.find((r) => r.cells[0] === '调解成功(起)')!.cells).toEqual(['调解成功(起)', 2])
    expect(layout.tables[1]!.rows).toEqual([{ cells: ['甲村', 3, 30, 6, 5, 4, 2], total: false }])
    expect(layout.footer).toContain(`校验码 ${'ab'.repeat(8)}`)
  })

  it('公益设施: 应定期检查 and 未按期检查 beside the counts, summed in 元 to the fen; a report submitted before they were counted shows without them', () => {
    const s = townshipSheet()
    const base = { facilities: 4, inspections: 9, upkeeps: 3, upkeepCost: 100.1 }
    const withSchedule: ReportSheet = {
      ...s,
      figures: {
        ...s.figures,
        facilities: [
          { villageId: 'a', name: '甲村', figures: { ...base, inspectionsDue: 12, inspectionsMissed: 5 } },
          { villageId: 'b', name: '乙村', figures: { ...base, upkeepCost: 0.2, inspectionsDue: 0, inspectionsMissed: 0 } },
        ],
      },
    }
    const table = sheetLayout(withSchedule).tables.find((t) => t.key === 'facilities')!
    expect(table.header).toEqual(['单位', '公益设施(处)', '检查(次)', '应定期检查(处次)', '未按期检查(处次)', '管护(次)', '管护费用(元)'])
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['甲村', 4, 9, 12, 5, 3, 100.1],
      ['乙村', 4, 9, 0, 0, 3, 0.2],
      ['合计', 8, 18, 12, 5, 6, 100.3],
    ])
    expect(sheetLayout(withSchedule).notes.join('')).toContain('未按期检查为其中该周期内没有检查记录的')
    const before: ReportSheet = { ...s, figures: { ...s.figures, facilities: [{ villageId: 'a', name: '甲村', figures: base }] } }
    const old = sheetLayout(before).tables.find((t) => t.key === 'facilities')!
    expect(old.header).toEqual(['单位', '公益设施(处)', '检查(次)', '管护(次)', '管护费用(元)'])
    expect(old.rows.map((r) => r.cells)).toEqual([
      ['甲村', 4, 9, 3, 100.1],
      ['合计', 4, 9, 3, 100.1],
    ])
    // No village sets a 检查周期: nothing was due, and the two columns are left out.
    const noneDue: ReportSheet = { ...s, figures: { ...s.figures, facilities: [{ villageId: 'a', name: '甲村', figures: { ...base, inspectionsDue: 0, inspectionsMissed: 0 } }] } }
    expect(sheetLayout(noneDue).tables.find((t) => t.key === 'facilities')!.header).toEqual(old.header)
  })

  it('巡查: 网格清扫 columns where some village sets 清扫日, none where none does or the report predates them', () => {
    const s = townshipSheet()
    const [a, b] = s.figures.patrols!
    const cleaning: ReportSheet = {
      ...s,
      figures: {
        ...s.figures,
        patrols: [
          { ...a!, figures: { ...a!.figures, cleaningDaysDue: 39, cleaningDays: 30, cleaningDaysOnTime: 25 } },
          { ...b!, figures: { ...b!.figures, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 } },
        ],
      },
    }
    const table = sheetLayout(cleaning).tables.find((t) => t.key === 'patrols')!
    expect(table.header.slice(-3)).toEqual(['应清扫网格日', '清扫网格日', '其中8点前'])
    expect(table.rows.map((r) => r.cells.slice(-3))).toEqual([
      [39, 30, 25],
      [0, 0, 0],
      [39, 30, 25],
    ])
    expect(sheetLayout(cleaning).notes.join('')).toContain('其中8点前为8点前清扫完毕的')
    const none: ReportSheet = { ...cleaning, figures: { ...cleaning.figures, patrols: cleaning.figures.patrols!.map((p) => ({ ...p, figures: { ...p.figures, cleaningDaysDue: 0, cleaningDays: 0, cleaningDaysOnTime: 0 } })) } }
    expect(sheetLayout(none).tables.find((t) => t.key === 'patrols')!.header).toEqual(sheetLayout(s).tables.find((t) => t.key === 'patrols')!.header)
    expect(sheetLayout(s).tables.find((t) => t.key === 'patrols')!.header).not.toContain('应清扫网格日')
  })
})
