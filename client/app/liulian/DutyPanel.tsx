/**
 * The month's duty household's work (seed 000 六联): 门前三包 checks with the three 包 as a
 * checklist, 治安联防 patrols (time, route, findings), 文明联创 activities, 隐患排查, 困难联帮 visits
 * and 致富联带. A finding becomes a 安全隐患 or an 事件 in the grid ledger in one tap
 * (shared/liulian/findings.ts), and from then on shows that record's status.
 */
import { useState, type FormEvent } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { listRecords } from '../../../shared/ledger/ledgerDoc'
import { HAZARD_STATE_LABELS, thingStatus } from '../../../shared/ledger/workflows/hazard'
import { INCIDENT_STATE_LABELS, incidentStatus } from '../../../shared/ledger/workflows/incident'
import { DOMAINS, DUTY_TYPES, DUTY_TYPE_KEYS, THREE_GUARANTEES, type DutyType, type GuaranteeKey } from '../../../shared/liulian/domains'
import { findingText, raiseFinding, type RaiseTarget } from '../../../shared/liulian/findings'
import { groupViews, hasFinding, listDuty, listRaised, recordDuty, type DutyFact, type GroupView, type RaisedFact } from '../../../shared/liulian/liulianDoc'
import type { SectionProps } from '../components/sectionProps'
import { hardshipHouseholds } from '../../../shared/liulian/emergency'
import { careInput, householdName, type Liulian } from './useLiulian'

const ALL_PASS: Record<GuaranteeKey, boolean> = { appearance: true, sanitation: true, facilities: true }

export function DutyPanel({ l, doc, props, today }: { l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  const groups = groupViews(doc, today)
  // A grid worker records for the groups of their own grids; the village side for all.
  const gridName = new Map(l.ledger.grids.map((g) => [g.id, g.name]))
  const mine = groups.filter((g) => gridName.has(g.gridId))
  // Newest first; of one day, the last entered first.
  const duty = listDuty(doc)
    .reverse()
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
  const raised = new Map(listRaised(doc).map((r) => [r.dutyId, r]))
  const groupName = new Map(groups.map((g) => [g.id, g.name]))
  return (
    <>
      {l.canWrite && mine.length > 0 && <DutyForm key={mine.length} groups={mine} gridName={gridName} l={l} doc={doc} props={props} today={today} />}
      {groups.length === 0 && <p className="muted">先在“联动小组”里建立小组。</p>}
      <section className="card" data-testid="liulian-duty-list">
        <h2>值班记录（{duty.length} 条）</h2>
        {duty.length === 0 && <p className="muted">还没有值班记录。</p>}
        <ul className="plain">
          {duty.slice(0, 50).map((d) => (
            <DutyRow key={d.id} d={d} groupName={groupName.get(d.groupId) ?? '（已删除的小组）'} raised={raised.get(d.id)} l={l} doc={doc} props={props} today={today} />
          ))}
        </ul>
      </section>
    </>
  )
}

type Draft = { groupId: string; householdId: string; type: DutyType; date: string; place: string; time: string; finding: string; note: string; checks: Record<GuaranteeKey, boolean>; helped: string[] }

function DutyForm({ groups, gridName, l, doc, props, today }: { groups: GroupView[]; gridName: ReadonlyMap<string, string>; l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  const first = groups[0]!
  const [draft, setDraft] = useState<Draft>({ groupId: first.id, householdId: first.duty.current ?? '', type: 'inspection', date: today, place: '', time: '', finding: '', note: '', checks: ALL_PASS, helped: [] })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState('')
  const group = groups.find((g) => g.id === draft.groupId) ?? first
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const result = recordDuty(
      doc,
      {
        groupId: draft.groupId,
        householdId: draft.householdId,
        type: draft.type,
        date: draft.date,
        ...(draft.place.trim() ? { place: draft.place.trim() } : {}),
        ...(draft.time.trim() ? { time: draft.time.trim() } : {}),
        ...(draft.finding.trim() ? { finding: draft.finding.trim() } : {}),
        ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
        ...(draft.type === 'inspection' ? { checks: draft.checks } : {}),
        ...((draft.type === 'pairing' || draft.type === 'demonstration') && draft.helped.length > 0 ? { householdIds: draft.helped } : {}),
        by: props.user.id,
        byName: props.user.name,
      },
      today,
    )
    if (!result.ok) return setErrors(result.errors)
    setErrors({})
    setSaved(`已保存${DUTY_TYPES[draft.type].label}记录`)
    setDraft({ ...draft, place: '', time: '', finding: '', note: '', checks: ALL_PASS, helped: [] })
  }

  return (
    <form className="card" onSubmit={submit} data-testid="liulian-duty-form" noValidate>
      <h2>记录值班工作</h2>
      <label>
        联动小组
        <select value={draft.groupId} onChange={(e) => setDraft({ ...draft, groupId: e.target.value, householdId: groups.find((g) => g.id === e.target.value)?.duty.current ?? '' })} data-testid="duty-group">
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}（{gridName.get(g.gridId) ?? '其他网格'}）
            </option>
          ))}
        </select>
      </label>
      <label>
        值班户
        <select value={draft.householdId} onChange={set('householdId')} data-testid="duty-household">
          <option value="">请选择</option>
          {group.members.map((id) => (
            <option key={id} value={id}>
              {householdName(l.byId, id)}
              {id === group.duty.current ? '（本月轮值）' : ''}
            </option>
          ))}
        </select>
      </label>
      {errors.householdId && <p className="error">{errors.householdId}</p>}
      <label>
        工作类型
        <select value={draft.type} onChange={set('type')} data-testid="duty-type">
          {DUTY_TYPE_KEYS.map((t) => (
            <option key={t} value={t}>
              {DOMAINS[DUTY_TYPES[t].domain].label} · {DUTY_TYPES[t].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        日期 <input type="date" value={draft.date} max={today} onChange={set('date')} data-testid="duty-date" />
      </label>
      {errors.date && <p className="error">{errors.date}</p>}
      {draft.type === 'inspection' && (
        <fieldset className="checklist" data-testid="duty-checks">
          <legend>门前三包（勾选为合格）</legend>
          {THREE_GUARANTEES.map((g) => (
            <label key={g.key} className="check">
              <input type="checkbox" checked={draft.checks[g.key]} onChange={(e) => setDraft({ ...draft, checks: { ...draft.checks, [g.key]: e.target.checked } })} data-testid={`duty-check-${g.key}`} />
              <span>
                {g.label}
                <span className="muted detail">{g.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {(draft.type === 'pairing' || draft.type === 'demonstration') && <HelpedPicker type={draft.type} group={group} l={l} value={draft.helped} onChange={(helped) => setDraft({ ...draft, helped })} />}
      {draft.type === 'patrol' && (
        <label>
          时间 <input value={draft.time} onChange={set('time')} placeholder="如 19:00-21:00" maxLength={40} />
        </label>
      )}
      <label>
        {draft.type === 'patrol' ? '巡逻路线' : '地点'} <input value={draft.place} onChange={set('place')} maxLength={200} data-testid="duty-place" />
      </label>
      {errors.place && <p className="error">{errors.place}</p>}
      <label>
        发现的问题（没有可不填） <textarea value={draft.finding} onChange={set('finding')} maxLength={1000} rows={2} data-testid="duty-finding" />
      </label>
      <label>
        {draft.type === 'pairing' ? '走访情况' : draft.type === 'demonstration' ? '示范户及带动情况' : '情况说明'} <textarea value={draft.note} onChange={set('note')} maxLength={1000} rows={2} />
      </label>
      {Object.entries(errors)
        .filter(([k]) => !['householdId', 'date', 'place'].includes(k))
        .map(([k, m]) => (
          <p key={k} className="error" role="alert">
            {m}
          </p>
        ))}
      {saved && (
        <p className="ok" role="status">
          {saved}
        </p>
      )}
      <p className="actions">
        <button type="submit" data-testid="duty-save">
          保存
        </button>
      </p>
    </form>
  )
}

function DutyRow({ d, groupName, raised, l, doc, props, today }: { d: DutyFact; groupName: string; raised: RaisedFact | undefined; l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  const [error, setError] = useState('')
  const gridId = l.byId.get(d.householdId)?.gridId ?? ''
  const ledgerDoc = l.ledger.ledgerDocs.get(gridId)
  const canRaise = l.canWrite && ledgerDoc !== undefined && props.workspace.access.canWrite(docName({ kind: 'ledger', villageId: props.villageId, gridId }))
  const raise = (target: RaiseTarget) => {
    if (!ledgerDoc) return
    const result = raiseFinding(doc, ledgerDoc, gridId, d, target, groupName, { id: props.user.id, name: props.user.name }, new Date().toISOString(), today)
    setError(result.ok ? '' : Object.values(result.errors).join('；'))
  }
  const type = DUTY_TYPES[d.type as DutyType]
  return (
    <li className="duty-row" data-testid="liulian-duty">
      <strong>{d.date}</strong> {groupName} · {type.label} · {householdName(l.byId, d.householdId)}
      {d.time && <span className="muted"> · {d.time}</span>}
      {d.place && <span className="muted"> · {d.place}</span>}
      {hasFinding(d) ? <div className="due">发现：{findingText(d)}</div> : <div className="ok">{d.checks ? '门前三包均合格' : '未发现问题'}</div>}
      {d.note && <div className="muted">{d.note}</div>}
      {d.householdIds && d.householdIds.length > 0 && (
        <div className="muted">
          {d.type === 'pairing' ? '结对困难户' : '带动农户'}：
          {d.type === 'pairing' && l.ledger.sensitiveDocs.size === 0 ? `${d.householdIds.length} 户` : d.householdIds.map((id) => householdName(l.byId, id)).join('、')}
        </div>
      )}
      {raised && <RaisedStatus raised={raised} l={l} today={today} />}
      {!raised && hasFinding(d) && canRaise && (
        <p className="actions">
          <button type="button" onClick={() => raise('hazard')} data-testid="duty-raise-hazard">
            转为安全隐患
          </button>{' '}
          <button type="button" className="secondary" onClick={() => raise('incident')} data-testid="duty-raise-incident">
            转为事件
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

function RaisedStatus({ raised, l, today }: { raised: RaisedFact; l: Liulian; today: string }) {
  const ledgerDoc = l.ledger.ledgerDocs.get(raised.gridId)
  const record = ledgerDoc ? listRecords(ledgerDoc, raised.recordKind, raised.gridId).find((r) => r.id === raised.recordId) : undefined
  const label = !record ? '' : raised.recordKind === 'thing' ? HAZARD_STATE_LABELS[thingStatus(record, today).state] : INCIDENT_STATE_LABELS[incidentStatus(record, today).state]
  return (
    <div className="ok" data-testid="duty-raised">
      已转为{raised.recordKind === 'thing' ? '安全隐患' : '事件'}
      {label && `（${label}）`}
    </div>
  )
}

/**
 * 困难联帮: the group's hardship households, from care records and so only for a viewer holding
 * the sensitive docs; 致富联带: the households the demonstration household brings along.
 */
function HelpedPicker({ type, group, l, value, onChange }: { type: 'pairing' | 'demonstration'; group: GroupView; l: Liulian; value: string[]; onChange(ids: string[]): void }) {
  const hardship = type === 'pairing' ? hardshipHouseholds(group.members, careInput(l)) : group.members.map((householdId) => ({ householdId, reasons: [] as string[] }))
  if (hardship === null) return <p className="muted">结对的困难户名单仅对有敏感信息权限的人员显示，可在“走访情况”中记录。</p>
  return (
    <fieldset className="checklist" data-testid="duty-helped">
      <legend>{type === 'pairing' ? '结对帮扶的困难户' : '带动的农户'}</legend>
      {hardship.length === 0 && <p className="muted">本组没有登记的困难户。</p>}
      {hardship.map((h) => (
        <label key={h.householdId} className="check">
          <input type="checkbox" checked={value.includes(h.householdId)} onChange={(e) => onChange(e.target.checked ? [...value, h.householdId] : value.filter((id) => id !== h.householdId))} />
          <span>
            {householdName(l.byId, h.householdId)}
            {h.reasons.length > 0 && <span className="muted detail">{h.reasons.join('、')}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  )
}
