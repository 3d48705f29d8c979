/**
 * 办结公示 rules (issue #23 item 5): a month lists only residents' matters closed in it (反馈 given,
 * not spam); the prefill comes from the category and the reply, never from what the resident
 * wrote; numbers that can be a phone or ID and every personal term the ledger knows are masked;
 * a summary that still holds one, or quotes the resident, is refused.
 */
import { describe, expect, it } from 'vitest'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind.js'
import { anonymise, defaultBulletinMonth, bulletinBody, bulletinMatters, bulletinProblems, bulletinTitle, ledgerPersonalTerms } from '../../shared/matters/bulletin.js'

const TODAY = '2026-12-01'
const NAME = '张秀英'
const PHONE = '13812345678'
const ID = '110101199003078515'
const DESCRIPTION = `我是${NAME}，电话${PHONE}，身份证${ID}，家门口三组12号的路灯坏了半个月`
let n = 0
const fact = (action: string, at: string, extra: Partial<Fact> = {}): Fact => ({ id: `f${++n}`, action, by: 'u', byName: '王', at, ...extra })
const incidentClosed = (day: string, reply: string) => ['accept', 'handle', 'resolve', 'verify'].map((a, i) => fact(a, `${day}T0${i + 1}:00:00Z`)).concat(fact('feedback', `${day}T06:00:00Z`, { note: reply }))
const matter = (kind: 'incident' | 'dispute', values: Record<string, unknown>, facts: Fact[]): LedgerRecord => ({ id: `r${++n}`, kind, gridId: 'g1', values: { channel: '群众反映', ...values }, createdBy: '群众', createdAt: '2026-11-01T00:00:00Z', facts })
const LEDGER = ledgerPersonalTerms(
  [{ id: 'p1', kind: 'resident', gridId: 'g1', values: { name: NAME }, createdBy: '', createdAt: '', facts: [] }],
  [{ id: 'h1', kind: 'household', gridId: 'g1', values: { headName: '李建国', address: '三组12号' }, createdBy: '', createdAt: '', facts: [] }],
)

describe('the month’s list', () => {
  const lamp = matter('incident', { title: '【道路设施】我是张秀英，电话…', description: DESCRIPTION, location: '三组12号门口', contactPhone: PHONE }, incidentClosed('2026-11-05', `已联系${NAME}（${PHONE}），三组12号门口的路灯已更换。`))
  const quarrel = matter('dispute', { summary: '【邻里纠纷】隔壁装修噪音', description: '隔壁李建国家装修天天半夜施工', severity: '一般' }, [
    fact('accept', '2026-11-10T01:00:00Z'),
    fact('settle', '2026-11-10T02:00:00Z', { note: '内部：李建国赔礼道歉' }),
    fact('feedback', '2026-11-10T03:00:00Z', { note: '经调解，双方约定晚上十点后不施工。' }),
  ])
  const open = matter('incident', { title: '【环境卫生】垃圾', description: '垃圾没人收' }, [fact('accept', '2026-11-03T00:00:00Z')])
  const spam = matter('dispute', { summary: '【邻里纠纷】广告', description: '广告广告', severity: '一般' }, [fact('spam', '2026-11-03T00:00:00Z')])
  const internal = matter('incident', { title: '【其他】巡查', description: '巡查发现', channel: '网格巡查' }, incidentClosed('2026-11-06', '已处理'))
  const december = matter('incident', { title: '【其他】下月', description: '下月办结的' }, incidentClosed('2026-12-01', '已处理'))

  it('lists residents’ matters closed that month, incidents and disputes, oldest first', () => {
    const items = bulletinMatters([quarrel, lamp, open, spam, internal, december], '2026-11', TODAY, LEDGER)
    expect(items.map((m) => [m.recordId, m.kind, m.category, m.closedOn])).toEqual([
      [lamp.id, 'incident', '道路设施', '2026-11-05'],
      [quarrel.id, 'dispute', '邻里纠纷', '2026-11-10'],
    ])
  })

  it('prefills from the category and the reply, masking names, addresses, the place and numbers; never the resident’s words', () => {
    const [lampItem, quarrelItem] = bulletinMatters([lamp, quarrel], '2026-11', TODAY, LEDGER)
    expect(lampItem!.summary).toBe('【道路设施】已联系＊＊（＊＊），＊＊的路灯已更换。')
    expect(quarrelItem!.summary).toBe('【邻里纠纷】经调解，双方约定晚上十点后不施工。')
    for (const item of [lampItem!, quarrelItem!]) {
      for (const secret of [NAME, PHONE, ID, '三组12号', '李建国', '赔礼道歉', '半夜施工', '半个月']) expect(item.summary).not.toContain(secret)
      expect(bulletinProblems(item.summary, LEDGER, [DESCRIPTION])).toEqual([])
    }
  })

  it('refuses a summary holding a name, a number or the resident’s words, and names the term only by its first character', () => {
    const problems = bulletinProblems(`${NAME}反映的路灯已修好，身份证 ${ID.slice(0, 6)} ${ID.slice(6)}`, LEDGER, [DESCRIPTION])
    // The ID number is also the resident's own words.
    expect(problems).toEqual(['含有像电话或身份证号的数字', '含有个人信息（张＊＊）', '引用了群众反映的原话'])
    expect(bulletinProblems('家门口三组的路灯坏了半个月，已修', [], [DESCRIPTION])).toEqual(['引用了群众反映的原话'])
    expect(bulletinProblems('【道路设施】路灯已更换。', LEDGER, [DESCRIPTION])).toEqual([])
  })

  it('masks phone and ID numbers however they are spaced, and leaves short numbers', () => {
    expect(anonymise('电话 138-1234-5678，身份证 11010119900307851X，3 盏灯，12号', [])).toBe('电话 ＊＊，身份证 ＊＊，3 盏灯，12号')
  })
})

describe('the month it opens on', () => {
  const months = ['2026-12', '2026-11', '2026-10', '2026-09']
  it('is the latest finished month with closed matters, else this month if it has some, else last month', () => {
    expect(defaultBulletinMonth(months, [{ closedOn: '2026-12-01' }, { closedOn: '2026-10-03' }, { closedOn: '2026-09-20' }])).toBe('2026-10')
    expect(defaultBulletinMonth(months, [{ closedOn: '2026-12-01' }])).toBe('2026-12')
    expect(defaultBulletinMonth(months, [])).toBe('2026-11')
  })
})

describe('the notice', () => {
  it('has a month title and one numbered paragraph per chosen matter', () => {
    expect(bulletinTitle('2026-11')).toBe('2026年11月民呼我应办结公示')
    const body = bulletinBody('2026-11', 3, [{ summary: '【道路设施】路灯已更换。', closedOn: '2026-11-05' }])
    expect(body.split('\n\n')).toEqual([
      '2026年11月，本村通过村务公开栏“民呼我应”办结群众反映的事项 3 件，现将其中 1 件的办理情况公示如下（已隐去反映人信息）：',
      '1. 【道路设施】路灯已更换。（11月5日办结）',
      '对办理结果有意见的，可凭查询码在村务公开栏评价，或直接向村委会反映。',
    ])
  })
})
