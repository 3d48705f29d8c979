/**
 * Places (出租屋 with landlord and tenants, shops), things (public facilities with inspections,
 * hazards under the 五到位 plan, some 销号) and organisations of one demo grid.
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { organisation as organisationKind } from '../../shared/ledger/kinds/organisation.js'
import { place as placeKind } from '../../shared/ledger/kinds/place.js'
import { thing as thingKind } from '../../shared/ledger/kinds/thing.js'
import { atTime, type GridStaff } from './events.js'
import { givenName, surname } from './names.js'
import type { Household } from './people.js'
import type { Random } from './random.js'
import { addFacts, addRecord, type RecordContext } from './records.js'

export function addSites(doc: Y.Doc, random: Random, context: RecordContext, households: readonly Household[], staff: GridStaff, villageName: string): number {
  let count = 0
  const landlords = households.filter((h) => h.flags.includes('出租户'))
  for (let i = 0, n = random.int(2, 6); i < n; i++) {
    const owner = landlords[i] ?? random.pick(households)
    const from = addDays(context.today, -random.int(30, 300))
    const tenants = Array.from({ length: random.int(1, 3) }, () => {
      const sex = random.chance(0.6) ? '男' : '女'
      return surname(random) + givenName(random, sex)
    })
    addRecord(doc, placeKind, random.id(), {
      name: `${owner.address}出租屋`,
      placeType: '出租屋',
      address: owner.address,
      landlord: owner.head,
      tenants: tenants.join('、'),
      rentFrom: from,
      rentTo: addDays(from, 365),
      tenantCount: tenants.length,
      fireCheck: random.weighted([['合格', 80], ['有隐患', 10], ['未检查', 10]]),
    }, context)
    count++
  }
  for (let i = 0, n = random.int(1, 3); i < n; i++) {
    const owner = random.pick(households)
    addRecord(doc, placeKind, random.id(), { name: `${owner.head.slice(0, 1)}记${random.pick(['小卖部', '理发店', '农资店', '小吃店'])}`, placeType: random.pick(['商铺', '“三小”场所']), address: owner.address, landlord: owner.head, fireCheck: '合格' }, context)
    count++
  }
  count += addThings(doc, random, context, staff, villageName)
  for (let i = 0, n = random.int(1, 3); i < n; i++) {
    const orgType = random.pick(['合作社', '个体工商户', '企业'])
    addRecord(doc, organisationKind, random.id(), {
      name: `${villageName.replace('村', '')}${random.pick(['果蔬', '水产', '粮食', '农机', '织造'])}${orgType === '合作社' ? '专业合作社' : orgType === '企业' ? '有限公司' : '经营部'}`,
      orgType,
      contact: random.pick(households).head,
      address: random.pick(households).address,
      employees: random.int(2, 60),
    }, context)
    count++
  }
  return count
}

/** Each demo facility's 管护: what, how many days ago, and its cost in 元 (0: none). */
const UPKEEP_BY_TYPE: Record<'公厕' | '道路' | '垃圾收集转运' | '消防设施', readonly (readonly ['维管' | '保洁' | '清运', number, number])[]> = {
  公厕: [['保洁', 40, 0], ['维管', 25, 380], ['保洁', 6, 0]],
  道路: [['维管', 50, 1200]],
  垃圾收集转运: [['清运', 30, 150], ['清运', 16, 150], ['清运', 2, 150]],
  消防设施: [],
}

function addThings(doc: Y.Doc, random: Random, context: RecordContext, staff: GridStaff, villageName: string): number {
  const facilities = [['公厕', '公共厕所'], ['道路', '村主干道'], ['垃圾收集转运', '垃圾收集点'], ['消防设施', '微型消防站']] as const
  for (const [thingType, label] of facilities) {
    const id = random.id()
    // On the ledger a year before the demo's day, so its inspections and 管护 fall after its registration.
    addRecord(doc, thingKind, id, { name: `${villageName}${label}`, category: '公益设施', thingType, location: `${villageName}${random.int(1, 6)}组`, custodian: random.pick(staff.workers) }, { ...context, at: atTime(addDays(context.today, -365)) })
    const inspected = addDays(context.today, -random.int(3, 60))
    addFacts(doc, thingKind.kind, id, [{ id: random.id(), action: 'inspect', at: atTime(inspected), data: { condition: random.weighted([['良好', 85], ['需维修', 15]]) } }], random.pick(staff.workers))
    // Its 管护 with what they cost (F003§9 维管、保洁、清运; the 管护基金's use): fixed, so the demo's other records stay as they were.
    const upkeeps = UPKEEP_BY_TYPE[thingType].map(([work, daysAgo, cost], k) => {
      const on = addDays(context.today, -daysAgo)
      return { id: `${id}u${k}`, action: 'maintain', at: atTime(on), data: { work, on, ...(cost > 0 ? { cost } : {}) } }
    })
    addFacts(doc, thingKind.kind, id, upkeeps, staff.workers[0]!)
  }
  const hazards = random.int(1, 2)
  for (let i = 0; i < hazards; i++) {
    const id = random.id()
    const found = addDays(context.today, -random.int(15, 200))
    const closed = i === 0 && random.chance(0.7)
    addRecord(doc, thingKind, id, {
      name: random.pick(['电动车楼道充电', '河塘临水无护栏', '老旧电线私拉乱接']),
      category: '安全隐患',
      thingType: random.pick(['消防隐患', '交通隐患', '建筑隐患']),
      location: `${villageName}${random.int(1, 6)}组`,
      severity: '一般',
      problem: '网格巡查发现',
      planMeasures: '限期整改，落实专人管护',
      planResponsible: random.pick(staff.leaders),
      planFunds: '村集体经费',
      planDeadline: addDays(found, 30),
      planContingency: '设置警示标志，加强巡查',
    }, { ...context, at: atTime(found) })
    if (closed) addFacts(doc, thingKind.kind, id, [
      { id: random.id(), action: 'rectify', at: atTime(addDays(found, 10)), note: '整改完成' },
      { id: random.id(), action: 'close', at: atTime(addDays(found, 12)), note: '复查合格，销号' },
    ], random.pick(staff.workers))
  }
  return facilities.length + hazards
}
