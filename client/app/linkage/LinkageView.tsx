/**
 * A linked member's households and duties from their linkage doc (1 中心户 + n 辐射户, what is due
 * and overdue, 帮扶资金), and a contact recorded in two taps (记录联系 → 保存). Rendered apart from
 * any engine so it can be tested on a bare doc; the member's own screen and the village side's
 * member panel both show it.
 */
import { useState } from 'react'
import * as Y from 'yjs'
import { DEFAULT_FESTIVALS, fourToDues, linkageDuties } from '../../../shared/linkage/duties'
import { aidProgress, listAid, listContacts, listSharedHouseholds, listTriggers, readLinkage, recordContact } from '../../../shared/linkage/linkageDoc'
import { linkedHouseholdIds } from '../../../shared/linkage/linkage'
import type { SectionProps } from '../components/sectionProps'
import { ContactCard } from './ContactCard'
import { useDocVersion } from './useDocVersion'

const DIARY = [
  ['thoughts', '所想'],
  ['urgent', '所急'],
  ['needs', '所需'],
  ['worries', '所忧'],
  ['helpGiven', '帮助解决情况'],
] as const

/** The member's households and duties from their linkage doc (rendered apart so it can be tested without an engine). */
export function LinkageView({ doc, user, today, title = '我的联系户' }: { doc: Y.Doc; user: SectionProps['user']; today: string; title?: string }) {
  useDocVersion(doc)
  const [open, setOpen] = useState<string | null>(null)
  const linkage = readLinkage(doc)
  if (!linkage) return <p className="muted" data-testid="linkage-none">你还没有联网联户的联系户。村两委安排后会显示在这里。</p>

  const households = new Map(listSharedHouseholds(doc).map((h) => [h.id, h]))
  const label = (id: string) => String(households.get(id)?.values.headName ?? '（户信息待同步）')
  const contacts = listContacts(doc)
  const duties = linkageDuties(linkage, contacts, today)
  const fourTo = fourToDues(linkedHouseholdIds(linkage), listTriggers(doc), DEFAULT_FESTIVALS, contacts, linkage.since, today).filter((d) => d.status !== 'done')
  const aid = aidProgress(listAid(doc), linkage.rank, today.slice(0, 4))
  const visitedThisQuarter = new Set(duties.round.visited)

  return (
    <>
      <section className="card" data-testid="linkage-due">
        <h2>待办</h2>
        <ul>
          {duties.centre.status === 'due' && <li>本月（{duties.centre.end}前）联系中心户 {label(linkage.centreHouseholdId)}</li>}
          <li data-testid="linkage-round">
            本季度辐射户走访 {duties.round.visited.length}/{linkage.radiatingHouseholdIds.length}
            {duties.round.missing.length > 0 && `，还需走访：${duties.round.missing.map(label).join('、')}`}
          </li>
          {fourTo.map((d) => (
            <li key={`${d.source}-${d.householdId}`} className={d.status === 'overdue' ? 'overdue' : undefined}>
              {d.trigger}必到：{label(d.householdId)}（{d.dueBy}前{d.status === 'overdue' ? '，已逾期' : ''}）
            </li>
          ))}
          {duties.centreOverdue.map((p) => (
            <li key={`m${p.start}`} className="overdue">
              逾期：{p.start.slice(0, 7)} 未联系中心户
            </li>
          ))}
          {duties.roundOverdue.map((p) => (
            <li key={`q${p.start}`} className="overdue">
              逾期：{p.start}至{p.end} 未走访 {p.missing.map(label).join('、')}
            </li>
          ))}
        </ul>
        {aid.minimum !== null && (
          <p className="muted" data-testid="linkage-aid">
            {aid.year}年帮扶资金 {aid.given}/{aid.minimum} 元{aid.met ? '（已达标）' : ''}
          </p>
        )}
      </section>
      <h2>{title}</h2>
      <ul className="list" data-testid="linkage-households">
        {linkedHouseholdIds(linkage).map((id) => {
          const centre = id === linkage.centreHouseholdId
          const done = centre ? duties.centre.status === 'done' : visitedThisQuarter.has(id)
          return (
            <li key={id} className="card">
              <strong>{label(id)}</strong> <span className="tag">{centre ? '中心户' : '辐射户'}</span>{' '}
              <span className={done ? 'ok' : 'due'}>{done ? (centre ? '本月已联系' : '本季度已走访') : centre ? '本月待联系' : '本季度待走访'}</span>
              <div className="muted">{String(households.get(id)?.values.address ?? '')}</div>
              <details>
                <summary>民情联系卡</summary>
                <ContactCard linkage={linkage} headName={label(id)} centre={centre} />
              </details>
              {open === id ? (
                <ContactForm doc={doc} householdId={id} user={user} today={today} onDone={() => setOpen(null)} />
              ) : (
                <button type="button" data-testid={`contact-${id}`} onClick={() => setOpen(id)}>
                  记录联系
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

function ContactForm({ doc, householdId, user, today, onDone }: { doc: Y.Doc; householdId: string; user: SectionProps['user']; today: string; onDone(): void }) {
  const [values, setValues] = useState<Record<string, string>>({ date: today })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const save = () => {
    const result = recordContact(doc, { householdId, visitor: user.name, date: values.date ?? today, ...values }, user, new Date().toISOString(), today)
    if (result.ok) onDone()
    else setErrors(result.errors)
  }
  return (
    <form
      data-testid="contact-form"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <label>
        日期 <input type="date" value={values.date ?? ''} onChange={(e) => setValues({ ...values, date: e.target.value })} />
      </label>
      {Object.entries(errors).map(([key, message]) => (
        <p key={key} className="error" role="alert">
          {message}
        </p>
      ))}
      <details>
        <summary>写民情日记（可选）</summary>
        {DIARY.map(([key, text]) => (
          <label key={key}>
            {text}
            <textarea value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
          </label>
        ))}
      </details>
      <button type="submit" data-testid="contact-save">
        保存
      </button>{' '}
      <button type="button" className="link" onClick={onDone}>
        取消
      </button>
    </form>
  )
}
