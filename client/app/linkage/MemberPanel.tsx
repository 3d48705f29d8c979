/**
 * One linked member, for the village side: their households and duties (LinkageView, where a
 * cadre may also record a contact), 帮扶资金 given, the village's paper ratings (F002 五、(五)) and
 * the 民情联系卡 codes. Aid and ratings are appended as facts to the member's linkage doc.
 */
import { useState } from 'react'
import * as Y from 'yjs'
import { isCivilDate } from '../../../shared/civilDate'
import { newId } from '../../../shared/ids'
import { evaluationPeriodLabel, evaluationPeriodOf, evaluationResult, RATINGS } from '../../../shared/linkage/evaluation'
import { addAid, addEvaluation, listEvaluations, listSharedHouseholds, readLinkage } from '../../../shared/linkage/linkageDoc'
import { linkedHouseholdIds, type Linkage } from '../../../shared/linkage/linkage'
import type { SectionProps } from '../components/sectionProps'
import { CardCodes } from './CardCodes'
import { LinkageView } from './LinkageView'
import type { VillageLinkage } from './useVillageLinkage'

export function MemberPanel(props: SectionProps & { today: string; village: VillageLinkage; memberId: string; onBack(): void }) {
  const { village, memberId, onBack, today, user, go } = props
  const doc = village.linkageDocs.get(memberId)
  const linkage = doc ? readLinkage(doc) : null
  return (
    <>
      <button type="button" className="link back" onClick={onBack}>
        ‹ 全村联网联户
      </button>
      {!doc || !linkage ? (
        <p className="muted">正在打开…</p>
      ) : (
        <>
          <h2 data-testid="member-title">
            {linkage.memberName}（{linkage.post}）{' '}
            <button type="button" className="link" onClick={() => go(['edit', memberId])} data-testid="member-edit">
              编辑安排
            </button>
          </h2>
          <LinkageView doc={doc} user={user} today={today} title="联系户" />
          <AidForm doc={doc} linkage={linkage} today={today} by={user.id} />
          <PaperRatings doc={doc} linkage={linkage} today={today} user={user} />
          <CardCodes {...props} doc={doc} linkage={linkage} />
        </>
      )}
    </>
  )
}

function householdNames(doc: Y.Doc): Map<string, string> {
  return new Map(listSharedHouseholds(doc).map((h) => [h.id, String(h.values.headName ?? '')]))
}

function AidForm({ doc, linkage, today, by }: { doc: Y.Doc; linkage: Linkage; today: string; by: string }) {
  const [values, setValues] = useState({ date: today, amount: '', householdId: '', note: '' })
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const names = householdNames(doc)
  const save = () => {
    const amount = Number(values.amount)
    if (!values.householdId) return setMessage({ ok: false, text: '请选择帮扶的户' })
    if (!Number.isInteger(amount) || amount <= 0) return setMessage({ ok: false, text: '金额请填大于 0 的整数（元）' })
    if (!isCivilDate(values.date) || values.date > today) return setMessage({ ok: false, text: '请选择日期（不能晚于今天）' })
    addAid(doc, { date: values.date, amount, householdId: values.householdId, by, ...(values.note.trim() ? { note: values.note.trim() } : {}) })
    setValues({ ...values, amount: '', note: '' })
    setMessage({ ok: true, text: `已记录帮扶资金 ${amount} 元` })
  }
  return (
    <form
      className="card"
      data-testid="aid-form"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <h3>录入帮扶资金</h3>
      <label>
        帮扶的户
        <select value={values.householdId} onChange={(e) => setValues({ ...values, householdId: e.target.value })} data-testid="aid-household">
          <option value="">请选择</option>
          {linkedHouseholdIds(linkage).map((id) => (
            <option key={id} value={id}>
              {names.get(id) || '（户信息待同步）'}
            </option>
          ))}
        </select>
      </label>
      <label>
        金额（元） <input inputMode="numeric" value={values.amount} onChange={(e) => setValues({ ...values, amount: e.target.value })} data-testid="aid-amount" />
      </label>
      <label>
        日期 <input type="date" value={values.date} max={today} onChange={(e) => setValues({ ...values, date: e.target.value })} />
      </label>
      <label>
        说明（可不填） <input value={values.note} maxLength={200} onChange={(e) => setValues({ ...values, note: e.target.value })} />
      </label>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" data-testid="aid-save">
        保存
      </button>
    </form>
  )
}

function PaperRatings({ doc, linkage, today, user }: { doc: Y.Doc; linkage: Linkage; today: string; user: SectionProps['user'] }) {
  const period = evaluationPeriodOf(today)
  const [chosen, setChosen] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<string | null>(null)
  const facts = listEvaluations(doc)
  const result = evaluationResult(facts, period)
  const ratedIds = new Set(facts.filter((f) => f.data?.period === period).map((f) => String(f.data?.householdId)))
  const names = householdNames(doc)
  const save = () => {
    const at = new Date().toISOString()
    const picked = Object.entries(chosen).filter(([, rating]) => rating !== '')
    if (picked.length === 0) return setMessage('请至少为一户选择评价')
    for (const [householdId, rating] of picked) addEvaluation(doc, { id: newId(), action: 'evaluate', by: user.id, byName: user.name, at, data: { householdId, period, rating, source: 'paper' } })
    setChosen({})
    setMessage(`已录入 ${picked.length} 户的纸质评议`)
  }
  return (
    <form
      className="card"
      data-testid="paper-ratings"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <h3>群众评议（{evaluationPeriodLabel(period)}）</h3>
      <p data-testid="rating-result">
        已评 {result.rated} 户：满意 {result.counts.满意}，基本满意 {result.counts.基本满意}，不满意 {result.counts.不满意}
        {result.satisfaction !== null && `，满意度 ${result.satisfaction}%`}
      </p>
      {result.rejected.length > 0 && <p className="warn">有 {result.rejected.length} 条重复评议未计入（同一户本期只计第一条）。</p>}
      <p className="muted">录入纸质评议表：</p>
      {linkedHouseholdIds(linkage).map((id) => (
        <label key={id} className="inline">
          {names.get(id) || '（户信息待同步）'}
          {ratedIds.has(id) ? (
            <span className="muted">本期已评</span>
          ) : (
            <select value={chosen[id] ?? ''} onChange={(e) => setChosen({ ...chosen, [id]: e.target.value })} data-testid={`paper-${id}`}>
              <option value="">未评</option>
              {RATINGS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </label>
      ))}
      {message && <p role="status">{message}</p>}
      <button type="submit" data-testid="paper-save">
        保存评议
      </button>
    </form>
  )
}
