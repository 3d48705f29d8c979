/**
 * Demo 四培五考 (issue #16 item 4): each demo grid worker's 四培 and 民主测评, entered by the
 * township admin, so the assessment screens have something to show. Seed 004's four kinds of
 * training: a 岗前培训 when they started, then a 业务培训 or 重点培训 every other month and a 帮带培训
 * now and then; a 民主测评 score for each of the three months before last. Last month and this
 * month are left for the township admin to enter (the browser test does), and no period is
 * closed. Reproducible from the seed and the day.
 */
import { addDays } from '../../shared/civilDate.js'
import { reportPeriodKey } from '../../shared/reports/reportPeriod.js'
import type { Store } from '../storage/types.js'
import { createRandom } from './random.js'

const TOPICS = {
  岗前培训: ['网格员职责与台账填报', '入户走访规范与群众工作方法'],
  业务培训: ['矛盾纠纷排查与调解', '安全隐患排查与上报', '网格信息系统使用'],
  重点培训: ['防汛应急处置', '特殊人群服务管理'],
  帮带培训: ['跟随老网格员入户走访', '跟班学习纠纷调解'],
} as const

/** The first of the month `back` months before `today`'s month. */
function monthStart(today: string, back: number): string {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  const index = y * 12 + (m - 1) - back
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

export async function seedAssessment(store: Store, workerIds: readonly string[], adminId: string, options: { seed: number; today: string }): Promise<{ training: number; ratings: number }> {
  const random = createRandom(options.seed ^ 0x4b5)
  let training = 0
  let ratings = 0
  for (const userId of workerIds) {
    const add = async (kind: keyof typeof TOPICS, date: string, hours: number, trainer: string) => {
      const topics = TOPICS[kind]
      const createdAt = new Date(`${date}T09:00:00+08:00`).toISOString()
      await store.assessment.addTraining({ id: `demo-training-${userId}-${training}`, userId, kind, date, topic: random.pick(topics), hours, trainer, note: '', createdAt, createdBy: adminId, removedAt: null, removedBy: null })
      training++
    }
    await add('岗前培训', addDays(monthStart(options.today, 11), random.int(2, 20)), 8, '镇综治办')
    // Every other month up to two months ago: never in last month or this one.
    for (let back = 9; back >= 2; back -= 2) await add(random.chance(0.7) ? '业务培训' : '重点培训', addDays(monthStart(options.today, back), random.int(3, 25)), random.pick([2, 3, 4]), random.pick(['镇综治办', '镇应急办', '镇司法所']))
    await add('帮带培训', addDays(monthStart(options.today, 6), random.int(3, 25)), 4, '老网格员')
    for (let back = 4; back >= 2; back--) {
      const period = reportPeriodKey('month', monthStart(options.today, back))
      await store.assessment.setRating({ userId, period, score: 75 + random.int(0, 200) / 10, enteredAt: new Date(`${monthStart(options.today, back - 1)}T10:00:00+08:00`).toISOString(), enteredBy: adminId })
      ratings++
    }
  }
  return { training, ratings }
}
