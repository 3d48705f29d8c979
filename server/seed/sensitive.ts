/**
 * The grid's sensitive doc (DOMAIN.md §2.4, §2.5): special-population and care records, linked
 * to residents by id. The source plans give no prevalence, so counts stay small (DOMAIN.md
 * §7.4): care records follow household flags (低保户 → 低保 …), capped, plus the categories this
 * grid is assigned so that the township has at least one record of every category.
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { careRecord, specialPerson } from '../../shared/ledger/kinds/sensitive.js'
import type { GridStaff } from './events.js'
import type { Household, Person } from './people.js'
import type { Random } from './random.js'
import { addRecord, type RecordContext } from './records.js'

const FLAG_CARE: Record<string, string> = { 低保户: '低保', 特困户: '特困供养', 五保户: '特困供养', 独居空巢: '独居空巢老人' }
const MAX_FLAG_CARE = 4
const AGENCY: Record<string, string> = { 刑满释放人员: '司法所', 社区矫正对象: '司法所', 吸毒人员: '派出所', 易肇事肇祸精神障碍患者: '卫生院', 邪教人员: '派出所', 重点青少年: '综治中心', 艾滋病人: '卫生院', 信访维稳重点人员: '综治中心' }

export type SensitivePlan = { special: readonly string[]; care: readonly string[] }

export function addSensitive(doc: Y.Doc, random: Random, context: RecordContext, households: readonly Household[], staff: GridStaff, plan: SensitivePlan): number {
  let count = 0
  const care = (person: Person, category: string) => {
    addRecord(doc, careRecord, random.id(), { residentId: person.id, category, enrolledAt: addDays(context.today, -random.int(30, 900)), helper: random.pick(staff.leaders), plan: '定期走访，落实帮扶政策' }, context)
    count++
  }
  for (const household of households) {
    if (count >= MAX_FLAG_CARE) break
    const category = household.flags.map((f) => FLAG_CARE[f]).find((c) => c !== undefined)
    if (category) care(household.members[0]!, category)
  }
  const people = households.flatMap((h) => h.members)
  for (const category of plan.care) care(personFor(random, people, category), category)
  for (const category of plan.special) {
    addRecord(doc, specialPerson, random.id(), {
      residentId: personFor(random, people, category).id,
      categories: [category],
      controlStatus: random.weighted([['在管', 95], ['脱管', 5]]),
      agency: AGENCY[category] ?? '综治中心',
      contact: random.pick(staff.workers),
      measures: '每月见面谈话，掌握思想动态',
      since: addDays(context.today, -random.int(60, 1500)),
    }, context)
    count++
  }
  return count
}

function personFor(random: Random, people: readonly Person[], category: string): Person {
  const fits = (p: Person) => {
    if (/儿童|青少年/.test(category)) return p.age < 18 && (category !== '重点青少年' || p.age >= 12)
    if (/老人/.test(category)) return p.age >= (category === '高龄老人' ? 80 : 60)
    if (category === '留守妇女') return p.sex === '女' && p.age >= 18
    return p.age >= 18
  }
  const candidates = people.filter(fits)
  return random.pick(candidates.length ? candidates : people)
}
