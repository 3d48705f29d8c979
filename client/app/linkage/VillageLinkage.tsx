/**
 * 联网联户 for the village's cadres and the township admin (issue #17 items 1, 2, 8): coverage —
 * which households and which 一老一少一困 residents nobody is linked to — and every member's due
 * and overdue duties, overdue first; from here a linkage is created or edited, aid and paper
 * ratings entered, 联系卡 codes issued and the half-year report opened. 一困 shows only as a count
 * (<3 when small). All derived on this device from the docs it holds, so it works offline.
 */
import { useState } from 'react'
import { sensitiveCount, type MemberDueRow } from '../../../shared/linkage/overview'
import type { SectionProps } from '../components/sectionProps'
import { AssignmentsCard } from './AssignmentsCard'
import { LinkageForm } from './LinkageForm'
import { MemberPanel } from './MemberPanel'
import { TownshipCard } from './TownshipCard'
import { householdLabel } from './householdOptions'
import { useVillageLinkage } from './useVillageLinkage'

export function VillageLinkage(props: SectionProps & { today: string }) {
  const { rest, go, today, user } = props
  const v = useVillageLinkage(props, today)
  const [showAll, setShowAll] = useState(false)
  const byId = new Map(v.households.map((h) => [h.id, h]))
  const residentName = new Map(v.residents.map((r) => [r.id, String(r.values.name ?? '')]))

  if (rest[0] === 'new') return <LinkageForm {...props} village={v} memberId={null} onDone={() => go([])} />
  if (rest[0] === 'edit' && rest[1]) return <LinkageForm {...props} village={v} memberId={rest[1]} onDone={() => go(['m', rest[1]!])} />
  if (rest[0] === 'm' && rest[1]) return <MemberPanel {...props} village={v} memberId={rest[1]} onBack={() => go([])} />

  const o = v.overview
  const unlinked = o.unlinkedHouseholdIds
  const shown = showAll ? unlinked : unlinked.slice(0, 10)
  return (
    <>
      <section className="card" data-testid="linkage-coverage">
        <h2>覆盖情况</h2>
        {v.ledger.opening > 0 && <p className="muted">正在打开 {v.ledger.opening} 个网格的台账…</p>}
        <p>
          已联系 <strong data-testid="coverage-linked">{o.linkedHouseholds}</strong> / {o.households} 户
          {o.households > 0 && `（${Math.round((o.linkedHouseholds * 100) / o.households)}%）`}，联系党员、干部 {o.members.length} 名，本月已联系群众 <strong data-testid="coverage-contacts">{o.contactsThisMonth}</strong> 户次
        </p>
        <p data-testid="coverage-people">
          无人联系的“一老一少一困”：一老 {sensitiveCount(o.unlinkedPeople.一老)} 人，一少 {sensitiveCount(o.unlinkedPeople.一少)} 人，一困 {sensitiveCount(o.unlinkedPeople.一困)} 人
        </p>
        {o.unlinkedNamed.length > 0 && (
          <details>
            <summary>无人联系的一老、一少（{o.unlinkedNamed.length} 人）</summary>
            <ul className="plain">
              {o.unlinkedNamed.map((p) => (
                <li key={p.residentId}>
                  {p.category} · {residentName.get(p.residentId) || '（未命名）'} · {householdLabel(byId.get(p.householdId))}
                </li>
              ))}
            </ul>
          </details>
        )}
        {unlinked.length > 0 && (
          <details>
            <summary>无人联系的户（{unlinked.length} 户）</summary>
            <ul className="plain" data-testid="coverage-unlinked">
              {shown.map((id) => (
                <li key={id}>{householdLabel(byId.get(id))}</li>
              ))}
            </ul>
            {unlinked.length > shown.length && (
              <button type="button" className="link" onClick={() => setShowAll(true)}>
                显示全部 {unlinked.length} 户
              </button>
            )}
          </details>
        )}
        <p className="actions">
          <button type="button" data-testid="linkage-new" onClick={() => go(['new'])}>
            新增联系安排
          </button>{' '}
          <button type="button" className="link" onClick={() => go(['report'])} data-testid="linkage-report-link">
            半年书面报告
          </button>
        </p>
      </section>
      <section className="card" data-testid="linkage-members">
        <h2>
          联系党员、干部的待办与逾期{o.membersOverdue > 0 && <span className="overdue">（{o.membersOverdue} 人有逾期）</span>}
        </h2>
        {o.members.length === 0 && <p className="muted">还没有联网联户安排。</p>}
        <ul className="plain member-rows">
          {o.members.map((m) => (
            <MemberRow key={m.memberId} m={m} onOpen={() => go(['m', m.memberId])} />
          ))}
        </ul>
      </section>
      <AssignmentsCard {...props} village={v} />
      {user.role === 'township_admin' && <TownshipCard api={props.api} />}
    </>
  )
}

function MemberRow({ m, onOpen }: { m: MemberDueRow; onOpen(): void }) {
  return (
    <li className={m.overdue ? 'member-row overdue-row' : 'member-row'} data-testid="linkage-member">
      <button type="button" className="link" onClick={onOpen}>
        <strong>{m.memberName}</strong>
      </button>{' '}
      <span className="muted">
        {m.post} · {m.memberType} · {m.households} 户
      </span>
      <div className="member-duties">
        <span className={m.centreDone ? 'ok' : 'due'} data-testid="member-centre">
          {m.centreDone ? '本月已联系中心户' : '本月待联系中心户'}
        </span>
        <span>
          本季度辐射户 {m.roundVisited}/{m.roundTotal}
        </span>
        {m.fourToDue > 0 && <span className="due">四到待办 {m.fourToDue}</span>}
        {m.centreOverdueMonths + m.roundOverdueQuarters + m.fourToOverdue > 0 && (
          <span className="overdue">
            逾期：{[m.centreOverdueMonths && `中心户 ${m.centreOverdueMonths} 个月`, m.roundOverdueQuarters && `辐射户 ${m.roundOverdueQuarters} 个季度`, m.fourToOverdue && `四到 ${m.fourToOverdue} 次`].filter(Boolean).join('，')}
          </span>
        )}
        {m.aid.minimum !== null && (
          <span className={m.aid.met ? 'ok' : undefined}>
            帮扶资金 {m.aid.given}/{m.aid.minimum} 元
          </span>
        )}
        <span>满意度 {m.satisfaction === null ? '—' : `${m.satisfaction}%（${m.rated} 户）`}</span>
      </div>
    </li>
  )
}
