/**
 * 五考 weights (issue #16 item 4; seed 004 「四培五考」, DOMAIN.md §4.7 「百分制考核」 F003§10): a grid
 * worker's score out of 100 is made of six components, each with a weight the township admin
 * sets once for the whole township (no per-village override). Weights are whole points and must
 * add up to exactly 100. The seeds give no weights, so the defaults below are ours:
 *   走访覆盖 25, 按时办结 20, 纠纷化解 15, 数据完整 15, 超期扣分 10, 民主测评 15;
 * and an overdue item (超期事件, 积案, 超期隐患) deducts 2 points from the 超期扣分 component.
 */
import * as z from 'zod'

export const ASSESSMENT_COMPONENTS = ['visits', 'onTime', 'disputes', 'completeness', 'overdue', 'rating'] as const
export type AssessmentComponent = (typeof ASSESSMENT_COMPONENTS)[number]

export const COMPONENT_LABELS: Record<AssessmentComponent, string> = {
  visits: '走访覆盖',
  onTime: '按时办结',
  disputes: '纠纷化解率',
  completeness: '数据完整',
  overdue: '超期扣分',
  rating: '民主测评',
}

/** How each component is figured, in the words the screens show. */
export const COMPONENT_RULES: Record<AssessmentComponent, string> = {
  visits: '本期内结束的每个走访周期，按走访规则每户应访一次（或规定次数），达到的占比',
  onTime: '本期发现的事件中，已办结或已过办结时限的，在时限内办结的占比',
  disputes: '本期受理的矛盾纠纷中调结的占比（化解率）',
  completeness: '户（户编号、户主、住址、村民小组、电话）和人（姓名、身份证号、与户主关系、人口类型、所属户）必填项齐全的占比',
  overdue: '期末仍超期的事件、积案和超期隐患，每件扣分，扣完为止',
  rating: '乡镇录入的民主测评得分（0–100）',
}

export type AssessmentWeights = Record<AssessmentComponent, number>

export const DEFAULT_WEIGHTS: AssessmentWeights = { visits: 25, onTime: 20, disputes: 15, completeness: 15, overdue: 10, rating: 15 }
export const DEFAULT_OVERDUE_DEDUCTION = 2

const weight = z.number({ error: '权重应为 0–100 的整数' }).int('权重应为整数').min(0, '权重不能小于 0').max(100, '权重不能大于 100')

export const assessmentSettingsSchema = z
  .object({
    weights: z.object({ visits: weight, onTime: weight, disputes: weight, completeness: weight, overdue: weight, rating: weight }).strict(),
    /** Points one overdue item deducts from the 超期扣分 component. */
    overdueDeduction: z.number({ error: '每件超期扣分应为数字' }).min(0, '每件超期扣分不能小于 0').max(100, '每件超期扣分不能大于 100'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const sum = ASSESSMENT_COMPONENTS.reduce((total, key) => total + s.weights[key], 0)
    if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['weights'], message: `各项权重合计应为 100，现在是 ${sum}` })
  })
export type AssessmentSettings = z.infer<typeof assessmentSettingsSchema>

export const DEFAULT_SETTINGS: AssessmentSettings = { weights: DEFAULT_WEIGHTS, overdueDeduction: DEFAULT_OVERDUE_DEDUCTION }

/** 五考's periods by name: the report periods (shared/reports/reportPeriod.ts) as assessments. */
export const ASSESSMENT_KIND_LABELS = { month: '月考', quarter: '季考', half: '半年考', year: '年度考' } as const

/** The 考核表's title (the workbook's and its file's), e.g. 网格员“四培五考”考核表（2026年11月）. */
export const assessmentTitle = (periodLabel: string) => `网格员“四培五考”考核表（${periodLabel}）`
