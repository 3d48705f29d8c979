/**
 * 人居环境检查 for a demo grid (seed 003's 门前三包 and 院内三净): about a fifth of the households
 * checked once in the last 90 days, a few twice; most pass, some fail an item or two with a
 * deadline, and most of those past it were rechecked and put right. Drawn from a random source of
 * its own (seeded by the grid), so the rest of the demo stays as it was.
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { environment, ENVIRONMENT_ITEMS } from '../../shared/ledger/kinds/environment.js'
import type { Household } from './people.js'
import { atTime } from './events.js'
import { createRandom } from './random.js'
import { addRecord, type RecordContext } from './records.js'

const DAYS = 90
const PROBLEMS: Readonly<Record<(typeof ENVIRONMENT_ITEMS)[number], readonly string[]>> = {
  门前环境卫生清洁: ['门前有生活垃圾未清理', '门前污水乱倒'],
  门前绿化管护: ['门前绿化带杂草丛生', '门前树木枯枝未清理'],
  门前良好秩序: ['农机具在路边乱停乱放', '柴草杂物在门前乱堆乱放'],
  院落净: ['院内杂物堆放凌乱', '院内畜禽粪便未清理'],
  厨房净: ['厨房灶台油污较重'],
  厕所净: ['厕所未及时清扫'],
}

export function addEnvironmentChecks(doc: Y.Doc, seed: number, context: RecordContext, households: readonly Household[], inspectors: readonly string[]): number {
  const random = createRandom(seed)
  let count = 0
  for (const household of households) {
    if (!random.chance(0.2)) continue
    const times = random.chance(0.1) ? 2 : 1
    for (let n = 0; n < times; n++) {
      const date = addDays(context.today, -random.int(0, DAYS - 1))
      const failed = random.chance(0.3) ? [...new Set([random.pick(ENVIRONMENT_ITEMS), ...(random.chance(0.3) ? [random.pick(ENVIRONMENT_ITEMS)] : [])])] : []
      const values: Record<string, unknown> = { date, householdId: household.id, inspector: random.pick(inspectors) }
      if (failed.length > 0) {
        const rectifyBy = addDays(date, 15)
        values.failed = failed
        values.problem = failed.map((item) => random.pick(PROBLEMS[item])).join('；')
        values.rectifyBy = rectifyBy
        const recheckedOn = addDays(date, random.int(7, 20))
        if (recheckedOn <= context.today && random.chance(0.8)) {
          values.recheckedOn = recheckedOn
          values.recheckResult = random.chance(0.85) ? '已整改' : '未整改'
        }
      } else if (random.chance(0.15)) values.fiveBeauty = true
      addRecord(doc, environment, random.id(), values, { ...context, at: atTime(date, 2) })
      count++
    }
  }
  return count
}
