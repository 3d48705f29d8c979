/**
 * A campaign (DOMAIN.md §4.6): phases with civil-date windows, repeated each year, and tasks per
 * village whose completion is a fact; the 工作推进台账 (§2.15, seed 000: 「各村(社区)要建立工作推进
 * 台账…明确完成时限」) is derived per village. 六联 is one campaign (LIULIAN_CAMPAIGN); any other
 * campaign is another value of the same type.
 */
import * as z from 'zod'
import { civilDateSchema } from '../civilDate.js'

/** Month-day windows ('MM-DD'), so one campaign serves every year. */
export type CampaignPhase = { key: string; label: string; from: string; to: string }
/** `since`: the day the township set the task (absent on 六联 and on tasks set before it was kept). */
export type CampaignTask = { key: string; phase: string; label: string; due: string; since?: string }
/**
 * `rev` counts the township's edits (1 when defined, absent on 六联); a village's doc keeps the
 * highest it has seen. `withdrawnAt`: the township withdrew it (the village's ticks stay in the doc).
 */
export type Campaign = { key: string; label: string; lead: string; phases: readonly CampaignPhase[]; tasks: readonly CampaignTask[]; rev?: number; withdrawnAt?: string }

export const LIULIAN_CAMPAIGN: Campaign = {
  key: 'liulian',
  label: '“六联机制”建设',
  lead: '镇“六联机制”建设工作协调小组办公室（镇党政办）',
  phases: [
    { key: 'survey', label: '调查摸底、发动准备', from: '04-28', to: '05-17' },
    { key: 'implement', label: '组织实施、联动推进', from: '05-18', to: '08-31' },
    { key: 'review', label: '建章立制、总结验收', from: '09-01', to: '10-31' },
  ],
  tasks: [
    { key: 'groups', phase: 'survey', label: '科学划分联动小组，建立基础信息台账', due: '05-17' },
    { key: 'mobilise', phase: 'survey', label: '召开动员大会，党务公开栏公示、网格员入户宣讲', due: '05-17' },
    { key: 'plan', phase: 'implement', label: '建立工作推进台账，制定活动方案，明确完成时限', due: '06-15' },
    { key: 'wall', phase: 'implement', label: '网格分布图、六联制度、联动小组人员及工作情况公示上墙', due: '06-30' },
    { key: 'drill', phase: 'implement', label: '组织村(居)民开展应急预案演练', due: '08-31' },
    { key: 'summary', phase: 'review', label: '总结经验，形成制度，建立长效机制', due: '10-31' },
  ],
}

export type PhaseNow = { phase: CampaignPhase | null; before: boolean; after: boolean }

/** The phase a date falls in (null between or outside the windows). */
export function phaseOn(campaign: Campaign, date: string): PhaseNow {
  const md = date.slice(5)
  const phase = campaign.phases.find((p) => p.from <= md && md <= p.to) ?? null
  const first = campaign.phases[0]?.from ?? '01-01'
  const last = campaign.phases[campaign.phases.length - 1]?.to ?? '12-31'
  return { phase, before: md < first, after: md > last }
}

export const taskFactSchema = z.object({
  id: z.string().min(1).max(64),
  campaign: z.string().min(1).max(40),
  year: z.string().regex(/^\d{4}$/),
  task: z.string().min(1).max(40),
  done: civilDateSchema(),
  note: z.string().max(500).optional(),
  by: z.string().max(64),
})
export type TaskFact = z.infer<typeof taskFactSchema>

/**
 * `counted`: the 时限 falls on or after the day it could first be met — the village started on
 * Cunwu (`startedOn`) and the township had set the task (`since`). A 时限 that passed before
 * either never counts as overdue, nor in the total unless the village ticked it anyway.
 */
export type TaskRow = { task: CampaignTask; due: string; done: string | null; overdue: boolean; counted: boolean; countsFrom: string | null }
export type ProgressRow = { villageId: string; villageName: string; done: number; total: number; overdue: number; rows: TaskRow[] }

/** One village's 工作推进台账 for a year: each task, when it was done, and whether it is overdue. */
export function villageProgress(campaign: Campaign, year: string, facts: readonly TaskFact[], today: string, startedOn: string | null): TaskRow[] {
  return campaign.tasks.map((task) => {
    const due = `${year}-${task.due}`
    const done = facts.filter((f) => f.campaign === campaign.key && f.year === year && f.task === task.key).map((f) => f.done).sort()[0] ?? null
    // The later of the two days (civil dates compare as strings).
    const countsFrom = [startedOn, task.since].filter((d): d is string => Boolean(d)).sort().pop() ?? null
    const counted = countsFrom === null || due >= countsFrom
    return { task, due, done, overdue: counted && done === null && today > due, counted, countsFrom }
  })
}

/** The township's view: every village's progress, villages with overdue tasks first. */
export function progressLedger(
  campaign: Campaign,
  year: string,
  villages: readonly { villageId: string; villageName: string; startedOn: string | null; facts: readonly TaskFact[] }[],
  today: string,
): ProgressRow[] {
  return villages
    .map((v) => {
      const rows = villageProgress(campaign, year, v.facts, today, v.startedOn)
      return { villageId: v.villageId, villageName: v.villageName, rows, done: rows.filter((r) => r.done).length, total: rows.filter((r) => r.counted || r.done).length, overdue: rows.filter((r) => r.overdue).length }
    })
    .sort((a, b) => b.overdue - a.overdue || share(a) - share(b) || a.villageName.localeCompare(b.villageName, 'zh-CN'))
}

const share = (p: ProgressRow) => (p.total === 0 ? 1 : p.done / p.total)

// ——— campaigns defined in the app (issue #18 item 3) ———

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * A month-day as a clerk may type it — ５月１７日, 5/17, 5.17, 5-17, full-width or not — as
 * 'MM-DD'; anything else comes back as typed (trimmed), for the schema to refuse.
 */
export function normalizeMonthDay(raw: string): string {
  const typed = raw.normalize('NFKC').trim()
  const m = /^(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(typed)
  return m ? `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : typed
}

/** 'MM-DD' that exists in some year (02-29 does), normalised first (normalizeMonthDay). */
function monthDay(label: string) {
  return z
    .string({ error: `请填写${label}` })
    .transform(normalizeMonthDay)
    .pipe(
      z
        .string()
        .regex(MONTH_DAY, `${label}应为“月-日”，如 05-17`)
        .refine((md) => Number(md.slice(3)) <= DAYS_IN_MONTH[Number(md.slice(0, 2)) - 1]!, `${label}不是有效日期`),
    )
}

/**
 * A campaign as the township admin defines it: a name, the lead office, phases with month-day
 * windows in order, and the tasks each village does, each in a phase with a 时限 inside that
 * phase's window. Keys are given when it is saved (defineCampaign).
 */
export const campaignInputSchema = z
  .object({
    label: z.string({ error: '请填写活动名称' }).trim().min(1, '请填写活动名称').max(60, '活动名称不超过60字'),
    lead: z.string().trim().max(80, '牵头单位不超过80字').default(''),
    phases: z
      .array(z.object({ key: z.string().max(40).optional(), label: z.string().trim().min(1, '请填写阶段名称').max(40, '阶段名称不超过40字'), from: monthDay('阶段开始日期'), to: monthDay('阶段结束日期') }))
      .min(1, '至少要有一个阶段')
      .max(8, '阶段不超过8个'),
    tasks: z
      .array(z.object({ key: z.string().max(40).optional(), label: z.string().trim().min(1, '请填写任务内容').max(80, '任务内容不超过80字'), phase: z.number().int().min(0), due: monthDay('完成时限') }))
      .min(1, '至少要有一项任务')
      .max(30, '任务不超过30项'),
  })
  .superRefine((c, ctx) => {
    c.phases.forEach((p, i) => {
      if (p.from > p.to) ctx.addIssue({ code: 'custom', path: ['phases', i, 'to'], message: `第${i + 1}阶段的结束日期早于开始日期` })
      const prev = c.phases[i - 1]
      if (prev && p.from <= prev.to) ctx.addIssue({ code: 'custom', path: ['phases', i, 'from'], message: `第${i + 1}阶段应在第${i}阶段结束后开始` })
    })
    c.tasks.forEach((t, i) => {
      const phase = c.phases[t.phase]
      if (!phase) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'phase'], message: `第${i + 1}项任务的阶段不存在` })
      else if (t.due < phase.from || t.due > phase.to) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'due'], message: `第${i + 1}项任务的时限应在“${phase.label}”阶段内（${phase.from} 至 ${phase.to}）` })
    })
  })
export type CampaignInput = z.input<typeof campaignInputSchema>

export const campaignSchema = z.object({
  key: z.string().min(1).max(40),
  label: z.string().max(60),
  lead: z.string().max(80),
  phases: z.array(z.object({ key: z.string().max(40), label: z.string().max(40), from: z.string().regex(MONTH_DAY), to: z.string().regex(MONTH_DAY) })).min(1),
  tasks: z.array(z.object({ key: z.string().max(40), phase: z.string().max(40), label: z.string().max(80), due: z.string().regex(MONTH_DAY), since: civilDateSchema().optional() })).min(1),
  rev: z.number().int().min(1).optional(),
  withdrawnAt: z.string().max(40).optional(),
})

/**
 * The campaign a valid input defines, under `key` (phases p1…, tasks t1…). Given the definition
 * it edits (`previous`), a phase or task that names one of its keys keeps it, so what villages
 * ticked against that task still counts; new ones get keys never used before; `rev` goes up.
 * A new task is set `today` (its `since`; null for none, as on the demo's campaign, set before
 * its villages' history); a kept one keeps the day it was first set.
 */
export function campaignFrom(key: string, input: z.output<typeof campaignInputSchema>, today: string | null, previous?: Campaign): Campaign {
  const keep = (given: string | undefined, old: readonly { key: string }[], taken: Set<string>) => {
    if (given && old.some((o) => o.key === given) && !taken.has(given)) {
      taken.add(given)
      return given
    }
    return null
  }
  const next = (old: readonly { key: string }[], prefix: string) => {
    let n = Math.max(0, ...old.map((o) => (o.key.startsWith(prefix) ? Number(o.key.slice(prefix.length)) || 0 : 0)))
    return () => `${prefix}${++n}`
  }
  const oldPhases = previous?.phases ?? []
  const oldTasks = previous?.tasks ?? []
  const takenPhases = new Set<string>()
  const takenTasks = new Set<string>()
  const newPhase = next(oldPhases, 'p')
  const newTask = next(oldTasks, 't')
  const phases = input.phases.map((p) => ({ key: keep(p.key, oldPhases, takenPhases) ?? newPhase(), label: p.label, from: p.from, to: p.to }))
  const tasks = input.tasks.map((t) => {
    const kept = keep(t.key, oldTasks, takenTasks)
    const since = (kept && oldTasks.find((o) => o.key === kept)?.since) || (kept ? undefined : today)
    return { key: kept ?? newTask(), phase: phases[t.phase]!.key, label: t.label, due: t.due, ...(since ? { since } : {}) }
  })
  return { key, label: input.label, lead: input.lead, phases, tasks, rev: (previous?.rev ?? 1) + (previous ? 1 : 0) }
}

/** The form's input for editing a definition: its phases and tasks with their keys. */
export function campaignInput(campaign: Campaign): z.input<typeof campaignInputSchema> {
  return {
    label: campaign.label,
    lead: campaign.lead,
    phases: campaign.phases.map((p) => ({ key: p.key, label: p.label, from: p.from, to: p.to })),
    tasks: campaign.tasks.map((t) => ({ key: t.key, label: t.label, phase: Math.max(0, campaign.phases.findIndex((p) => p.key === t.phase)), due: t.due })),
  }
}

/** Of two copies of one campaign (from different villages' docs), the later revision. */
export function laterRevision(a: Campaign | undefined, b: Campaign): Campaign {
  return a && (a.rev ?? 1) >= (b.rev ?? 1) ? a : b
}

/** Chinese messages of an invalid input, by path ('label', 'phases.1.to', 'tasks.0.due'). */
export function campaignErrors(input: unknown): Record<string, string> | null {
  const parsed = campaignInputSchema.safeParse(input)
  if (parsed.success) return null
  const out: Record<string, string> = {}
  for (const issue of parsed.error.issues) out[issue.path.join('.') || 'form'] ??= issue.message
  return out
}
