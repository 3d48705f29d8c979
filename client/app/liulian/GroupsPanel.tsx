/**
 * 联动小组: groups suggested from the ledger (about 12 neighbours per 村民小组), the cadre's moves
 * and 组长, and each group's 轮值户 this month and next — all derived (shared/liulian/rotation.ts).
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { DOMAINS, DOMAIN_KEYS } from '../../../shared/liulian/domains'
import { suggestGroups } from '../../../shared/liulian/groups'
import { applySuggestion, groupViews, moveHousehold, readMemberships, setLeader, type GroupView } from '../../../shared/liulian/liulianDoc'
import type { SectionUser } from '../components/sectionProps'
import { householdName, type Liulian } from './useLiulian'

export function GroupsPanel({ l, doc, user, today }: { l: Liulian; doc: Y.Doc; user: SectionUser; today: string }) {
  const groups = groupViews(doc, today)
  const memberships = readMemberships(doc)
  const unplaced = l.households.filter((h) => memberships.groupOf(h.id, today) === null)
  const [message, setMessage] = useState('')

  const suggest = () => {
    const result = applySuggestion(
      doc,
      suggestGroups(unplaced.map((h) => ({ id: h.id, gridId: h.gridId, villagerGroup: String(h.values.villagerGroup ?? ''), address: String(h.values.address ?? '') }))),
      user.id,
      today,
    )
    setMessage(`已建议并建立 ${result.groups} 个联动小组，编入 ${result.placed} 户。可在下面调整。`)
  }

  return (
    <>
      <section className="card" data-testid="liulian-groups">
        <h2>联动小组（{groups.length} 个）</h2>
        <p>
          以相邻 12 户左右为一个联动小组，每月每户轮流值班，实施文明联创、卫生联洁、治安联防、应急联动、困难联帮、致富联带。
        </p>
        {l.ledger.opening > 0 && <p className="muted">正在打开 {l.ledger.opening} 个网格的台账…</p>}
        {unplaced.length > 0 && (
          <p className="actions">
            <span className="due">{unplaced.length} 户尚未编入联动小组。</span>{' '}
            {l.canWrite && (
              <button type="button" onClick={suggest} data-testid="liulian-suggest">
                按村民小组和门牌自动分组
              </button>
            )}
          </p>
        )}
        {message && (
          <p role="status" className="ok" data-testid="liulian-message">
            {message}
          </p>
        )}
        {groups.length === 0 && <p className="muted">还没有联动小组。</p>}
      </section>
      {groups.map((g) => (
        <GroupCard key={g.id} g={g} groups={groups} l={l} doc={doc} user={user} today={today} />
      ))}
      <section className="card">
        <h2>六联内容与责任部门</h2>
        <ul className="plain">
          {DOMAIN_KEYS.map((k) => (
            <li key={k}>
              <strong>{DOMAINS[k].label}</strong>（{DOMAINS[k].departments.join('、')}）：{DOMAINS[k].target}。<span className="muted">{DOMAINS[k].duty}。</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

function GroupCard({ g, groups, l, doc, user, today }: { g: GroupView; groups: GroupView[]; l: Liulian; doc: Y.Doc; user: SectionUser; today: string }) {
  return (
    <section className="card liulian-group" data-testid="liulian-group">
      <h3>{g.name}</h3>
      <p>
        组长：{g.leaderHouseholdId ? householdName(l.byId, g.leaderHouseholdId) : <span className="due">未指定</span>}
        {g.leaderMissing && <span className="overdue">（组长已不在本组，请重新指定）</span>}
      </p>
      <p data-testid="liulian-duty-now">
        本月轮值户：<strong>{householdName(l.byId, g.duty.current)}</strong>
        <br />
        下月轮值户：{householdName(l.byId, g.duty.next)}
      </p>
      <details>
        <summary>成员 {g.members.length} 户</summary>
        <ul className="plain">
          {g.members.map((id) => (
            <li key={id} data-testid="liulian-member">
              {householdName(l.byId, id)}
              {id === g.leaderHouseholdId && <span className="ok">（组长）</span>}
              {id === g.duty.current && <span className="due">（本月值班）</span>}
              {l.canWrite && (
                <span className="member-actions">
                  {id !== g.leaderHouseholdId && (
                    <button type="button" className="link" onClick={() => setLeader(doc, g.id, id)}>
                      设为组长
                    </button>
                  )}
                  <select aria-label="调到其他小组" value="" onChange={(e) => e.target.value && moveHousehold(doc, id, e.target.value === 'out' ? null : e.target.value, user.id, today)}>
                    <option value="">调整到…</option>
                    {groups
                      .filter((o) => o.id !== g.id)
                      .map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    <option value="out">移出（迁出本村）</option>
                  </select>
                </span>
              )}
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}
