/**
 * Four weeks of daily patrols for a demo grid (seed 003: 「每天至少到網格巡查一次」), most days one,
 * some two, a few missed; about a quarter find something. A finding is handled on the spot, or
 * — in the last few days only, so the demo's closure figures stay the plan's — raised as an 事件
 * or a 安全隐患 through the app's own path (shared/ledger/patrol.ts), so the 周结 has every case
 * to show. Drawn from a random source of its own (seeded by the grid), so the rest of the demo
 * stays as it was.
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { patrol as patrolKind } from '../../shared/ledger/kinds/patrol.js'
import { readRecord, recordsMap } from '../../shared/ledger/ledgerDoc.js'
import { raisePatrolFinding } from '../../shared/ledger/patrol.js'
import { createRandom } from './random.js'
import { atTime } from './events.js'
import { addRecord, type RecordContext } from './records.js'

const DAYS = 28
/** Findings of patrols this many days back or fewer may still be open (raised); older ones were handled. */
const RAISED_WITHIN = 4
const HANDLED = '已现场处置，报村两委备案'

const PLACES = ['村委会周边', '沿河路', '小学周边', '集市', '文化广场', '村口桥头', '水塘边']
const FINDINGS: readonly { text: string; handled?: string; raise?: 'incident' | 'hazard' }[] = [
  { text: '沿河护栏松动一段', raise: 'hazard' },
  { text: '垃圾收集点满溢', raise: 'incident' },
  { text: '路灯2盏不亮', raise: 'incident' },
  { text: '村道有碎石堆放影响通行', handled: '已联系户主当场清理' },
  { text: '电动车在楼道充电', handled: '已当场劝导，户主已移出' },
  { text: '独居老人家中门未关', handled: '已上门查看，老人在家，已提醒关门' },
  { text: '池塘边缺少警示牌', raise: 'hazard' },
  { text: '集市占道经营', handled: '已劝离' },
]

export function addPatrols(doc: Y.Doc, seed: number, context: RecordContext, workers: readonly string[], villageName: string): number {
  const random = createRandom(seed)
  let count = 0
  for (let back = DAYS - 1; back >= 0; back--) {
    const date = addDays(context.today, -back)
    if (random.chance(0.12)) continue
    const times = random.chance(0.2) ? ['上午', '下午'] : [random.pick(['上午', '下午', '晚间'])]
    for (const time of times) {
      const patroller = workers[0] ?? '网格员'
      const route = random.chance(0.5) ? `${villageName}${random.int(1, 3)}组—${random.int(4, 6)}组` : `${villageName}${random.pick(PLACES)}`
      const found = random.chance(0.25) ? random.pick(FINDINGS) : null
      const raise = found?.raise && back <= RAISED_WITHIN ? found.raise : null
      const handled = found && !raise ? (found.handled ?? HANDLED) : null
      const id = random.id()
      addRecord(doc, patrolKind, id, { date, patroller, time, route, ...(found ? { findings: found.text } : {}), ...(handled ? { handled } : {}) }, { ...context, at: atTime(date, time === '上午' ? 1 : time === '下午' ? 6 : 11) })
      count++
      if (found && raise) {
        const record = readRecord(patrolKind.kind, '', id, recordsMap(doc, patrolKind.kind).get(id))!
        const result = raisePatrolFinding(doc, record, found.text, raise, { id: 'seed', name: patroller }, atTime(date, 8), context.today, random.id)
        if (!result.ok) throw new Error(`demo patrol finding could not be raised: ${JSON.stringify(result.errors)}`)
      }
    }
  }
  return count
}
