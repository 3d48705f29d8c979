/**
 * The member's 联网联户 screen from their linkage doc: households with their state, what is due
 * (n/5 this quarter, 四到, overdue months), aid progress and each household's 民情联系卡.
 * Rendered to static markup, no browser needed.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { LinkageView } from '../../client/app/linkage/LinkageSection'
import { addAid, recordContact, setLinkage, shareHouseholds, shareTriggers } from '../../shared/linkage/linkageDoc'
import type { LedgerRecord } from '../../shared/ledger/kind'

const user = { id: 'u1', name: '孙干部', role: 'linked_cadre' as const }
const hh = (id: string, headName: string): LedgerRecord => ({ id, kind: 'household', gridId: 'g1', values: { headName, address: `${id}号` }, createdBy: 'x', createdAt: 't', facts: [] })

describe('LinkageView', () => {
  it('says so when the member has no linkage yet', () => {
    expect(renderToStaticMarkup(<LinkageView doc={new Y.Doc()} user={user} today="2026-05-20" />)).toContain('你还没有联网联户的联系户')
  })

  it('shows my households, what is due and the contact cards', () => {
    const doc = new Y.Doc()
    setLinkage(doc, { id: 'u1', memberName: '孙干部', memberType: '镇机关干部', post: '镇党政办副主任', rank: '副科级领导干部', officePhone: '0512-61234567', centreHouseholdId: 'c', radiatingHouseholdIds: ['r1', 'r2', 'r3', 'r4', 'r5'], since: '2026-03-01' })
    shareHouseholds(doc, [hh('c', '赵中心'), hh('r1', '钱一'), hh('r2', '孙二'), hh('r3', '李三'), hh('r4', '周四'), hh('r5', '吴五')], user, 't')
    for (const id of ['r1', 'r2', 'r3']) recordContact(doc, { householdId: id, date: '2026-05-02', visitor: '孙干部' }, user, 't', '2026-05-20')
    shareTriggers(doc, [{ kind: 'illness', householdId: 'r4', date: '2026-05-18', sourceId: 'care1' }])
    addAid(doc, { date: '2026-04-01', amount: 200, householdId: 'r1', by: 'u1' })
    const html = renderToStaticMarkup(<LinkageView doc={doc} user={user} today="2026-05-20" />)
    expect(html).toContain('本季度辐射户走访 3/5')
    expect(html).toContain('还需走访：周四、吴五')
    expect(html).toContain('本月（2026-05-31前）联系中心户 赵中心')
    expect(html).toContain('重病必到：周四（2026-05-25前）')
    expect(html).toContain('逾期：2026-03 未联系中心户')
    expect(html).toContain('2026年帮扶资金 200/400 元')
    expect(html.match(/data-testid="contact-card"/g)).toHaveLength(6)
    expect(html).toContain('联系人：孙干部（镇党政办副主任）')
    expect(html).toContain('data-testid="contact-c"')
  })
})
