/**
 * Demo 六联 (#18 item 7): every village's households in 联动小组 suggested from its ledger, a 组长
 * each, and a season of duty work since the groups were formed (seed 000's 组织实施 phase, from
 * 18 May): each month the 轮值户 records one or two pieces of work across the six domains, a few
 * months are missed, some checks find problems. Findings are left for the village to raise, so the
 * ledgers (and every existing demo figure) stay as they were. Posts, two plans, a drill and the
 * campaign tasks already done complete 平急结合 and the 工作推进台账, with one campaign the township
 * defined in the app (人居环境整治) beside 六联.
 */
import * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { campaignFrom, LIULIAN_CAMPAIGN, type Campaign } from '../../shared/liulian/campaign.js'
import { THREE_GUARANTEES, type DutyType, type GuaranteeKey } from '../../shared/liulian/domains.js'
import { addPlan, recordDrill, setPost } from '../../shared/liulian/emergency.js'
import { suggestGroups } from '../../shared/liulian/groups.js'
import { applySuggestion, putCampaign, readGroups, readMemberships, recordDuty, recordTaskDone, setGridBoard, setLeader } from '../../shared/liulian/liulianDoc.js'
import { dutyRoster, monthOf } from '../../shared/liulian/rotation.js'
import { createRandom } from './random.js'
import type { GeneratedVillage } from './village.js'

const TYPES: readonly DutyType[] = ['inspection', 'inspection', 'patrol', 'activity', 'hazardCheck', 'pairing', 'demonstration']
const FINDINGS: Partial<Record<DutyType, readonly string[]>> = {
  inspection: ['门前堆放杂物', '路边有积水', '垃圾桶未加盖'],
  patrol: ['路灯不亮', '河边护栏松动', '发现陌生车辆停放'],
  hazardCheck: ['电线私拉乱接', '灭火器过期'],
}
const ROUTES = ['村部—小学—河堤', '主干道—文化广场—村东桥', '一组—二组—村卫生室']
const NOTES: Partial<Record<DutyType, readonly string[]>> = {
  activity: ['组织观看公益电影', '宣传移风易俗，倡导红白事简办', '评选文明家庭'],
  pairing: ['走访结对困难户，了解生活需要', '帮助困难户打扫院落'],
  demonstration: ['示范户介绍大棚蔬菜种植经验', '带动两户参加农技培训'],
}

export function generateLiulian(village: GeneratedVillage, options: { seed: number; today: string }): Y.Doc {
  const random = createRandom(options.seed ^ 0x6c11)
  const doc = new Y.Doc()
  const year = Number(options.today.slice(0, 4))
  const formed = options.today >= `${year}-05-18` ? `${year}-05-18` : `${year - 1}-05-18`
  const households = village.grids.flatMap((grid) => listRecords(grid.ledger, 'household', grid.id))
  applySuggestion(doc, suggestGroups(households.map((h) => ({ id: h.id, gridId: h.gridId, villagerGroup: String(h.values.villagerGroup ?? ''), address: String(h.values.address ?? '') }))), 'demo', formed)
  const memberships = readMemberships(doc)
  for (const g of readGroups(doc)) {
    const members = memberships.members(g.id, formed)
    const leader = members[random.int(0, members.length - 1)]
    if (leader) setLeader(doc, g.id, leader.householdId)
    for (const { month, householdId } of dutyRoster(memberships, g.id, monthOf(options.today))) {
      if (!householdId || random.chance(0.1)) continue
      for (let i = 0; i < random.int(1, 2); i++) {
        const date = addDays(`${month}-01`, random.int(0, 26))
        if (date > options.today || date < formed) continue
        const type = random.pick(TYPES)
        const finding = random.chance(0.2) ? random.pick(FINDINGS[type] ?? ['']) : ''
        const failed: GuaranteeKey | null = type === 'inspection' && finding ? random.pick(THREE_GUARANTEES).key : null
        recordDuty(
          doc,
          {
            groupId: g.id,
            householdId,
            type,
            date,
            ...(type === 'patrol' ? { place: random.pick(ROUTES), time: '19:00-21:00' } : {}),
            ...(type === 'inspection' ? { checks: { appearance: failed !== 'appearance', sanitation: failed !== 'sanitation', facilities: failed !== 'facilities' } } : {}),
            ...(finding ? { finding } : {}),
            ...(NOTES[type] ? { note: random.pick(NOTES[type]) } : {}),
            by: 'demo',
            byName: '网格员',
          },
          options.today,
        )
      }
    }
  }
  const marks = ['村道', '河渠', '山脚', '省道', '林地', '邻村界']
  for (const grid of village.grids) setGridBoard(doc, grid.id, { bounds: `东至${random.pick(marks)}，南至${random.pick(marks)}，西至${random.pick(marks)}，北至${random.pick(marks)}`, staff: `${grid.name}专职网格员` })
  setPost(doc, { key: 'demo-secretary', name: '村党组织书记', role: '村干部', service: ['主持村务', '接待群众来访'], post: '应急总指挥' })
  setPost(doc, { key: 'demo-director', name: '村委会主任', role: '村干部', service: ['村务管理', '联系农业生产'], post: '物资保障' })
  for (const grid of village.grids) setPost(doc, { key: `demo-grid-${grid.id}`, name: `${grid.name}网格员`, role: '网格员', service: ['网格巡查', '入户走访', '信息采集'], post: `${grid.name}人员转移引导` })
  const flood = addPlan(doc, { type: '防汛', title: '防汛抗旱应急预案', content: '转移路线、安置点、责任岗位' })
  addPlan(doc, { type: '火灾', title: '森林防火应急预案', content: '' })
  addPlan(doc, { type: '公共卫生', title: '突发公共卫生事件应急预案', content: '' })
  const drillDate = `${formed.slice(0, 4)}-06-20`
  if (drillDate <= options.today) recordDrill(doc, { planId: flood, date: drillDate, participants: random.int(30, 80), note: '防汛转移演练', by: 'demo' })
  for (const task of LIULIAN_CAMPAIGN.tasks) {
    const due = `${formed.slice(0, 4)}-${task.due}`
    if (due <= options.today && random.chance(0.85)) recordTaskDone(doc, { campaign: LIULIAN_CAMPAIGN.key, year: formed.slice(0, 4), task: task.key, done: addDays(due, -random.int(0, 10)), by: 'demo' })
  }
  // One campaign the township defined in the app, so 工作推进 shows one to edit or withdraw.
  putCampaign(doc, DEMO_CAMPAIGN)
  for (const task of DEMO_CAMPAIGN.tasks) {
    const due = `${year}-${task.due}`
    if (due <= options.today && random.chance(0.7)) recordTaskDone(doc, { campaign: DEMO_CAMPAIGN.key, year: String(year), task: task.key, done: addDays(due, -random.int(0, 20)), by: 'demo' })
  }
  return doc
}

/** A township-defined campaign (人居环境整治, seed 003's 环境卫生 duties), as campaignFrom keys it. */
export const DEMO_CAMPAIGN: Campaign = campaignFrom(
  'c-demo-renju',
  {
    label: '人居环境整治提升行动',
    lead: '镇农业农村办',
    phases: [
      { label: '摸底排查', from: '03-01', to: '03-31' },
      { label: '集中整治', from: '04-01', to: '09-30' },
      { label: '检查验收', from: '10-01', to: '11-30' },
    ],
    tasks: [
      { label: '排查房前屋后乱堆乱放，建立整治清单', phase: 0, due: '03-25' },
      { label: '清理垃圾死角和河塘沟渠', phase: 1, due: '06-30' },
      { label: '评选美丽庭院并公示', phase: 1, due: '09-15' },
      { label: '对照清单逐项销号，形成总结', phase: 2, due: '11-20' },
    ],
  },
  null,
)
