/**
 * 民情联系卡 codes for one member's households (issue #17 item 5, #23 item 4): a village cadre
 * asks the relay for a household's 联系卡编码 (raise 民呼我应 matters as that household) or this
 * half-year's one-time 评议码, and prints the card with it at once — the relay keeps only a hash,
 * so a code is shown this once; issuing again replaces the earlier one. Needs the network.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { formatCardCode } from '../../../shared/linkage/cardCodes'
import { evaluationPeriodLabel, evaluationPeriodOf } from '../../../shared/linkage/evaluation'
import { listSharedHouseholds } from '../../../shared/linkage/linkageDoc'
import { linkedHouseholdIds, type Linkage } from '../../../shared/linkage/linkage'
import { errorText } from '../api/http'
import type { SectionProps } from '../components/sectionProps'
import { issueCode } from './api'
import { ContactCard } from './ContactCard'

type Issued = { householdId: string; card?: string; rating?: string }

export function CardCodes({ api, villageId, memberId, doc, linkage, today }: SectionProps & { memberId: string; doc: Y.Doc; linkage: Linkage; today: string }) {
  const [issued, setIssued] = useState<Issued | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const period = evaluationPeriodOf(today)
  const names = new Map(listSharedHouseholds(doc).map((h) => [h.id, String(h.values.headName ?? '')]))
  const ask = async (householdId: string, kind: 'card' | 'rating') => {
    setBusy(true)
    setError(null)
    try {
      const res = await issueCode(api, villageId, kind === 'card' ? { kind, memberId, householdId } : { kind, memberId, householdId, period })
      setIssued((prev) => ({ ...(prev?.householdId === householdId ? prev : {}), householdId, [kind]: formatCardCode(res.code) }))
    } catch (e) {
      setError(errorText(e, '生成编码失败，请联网后再试'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card" data-testid="card-codes">
      <h3>民情联系卡编码</h3>
      <p className="muted">编码只显示这一次，请随卡打印交给群众；重新生成会作废旧编码。联系卡编码用于“民呼我应”反映问题，评议码用于{evaluationPeriodLabel(period)}评议，每户一次。</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="plain">
        {linkedHouseholdIds(linkage).map((id) => (
          <li key={id}>
            {names.get(id) || '（户信息待同步）'}{' '}
            <button type="button" disabled={busy} onClick={() => void ask(id, 'card')} data-testid={`code-card-${id}`}>
              生成联系卡编码
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => void ask(id, 'rating')} data-testid={`code-rating-${id}`}>
              生成评议码
            </button>
            {issued?.householdId === id && (
              <details open>
                <summary>打印联系卡</summary>
                <ContactCard linkage={linkage} headName={names.get(id) || ''} centre={id === linkage.centreHouseholdId} codes={{ villageId, card: issued.card, rating: issued.rating, period: evaluationPeriodLabel(period) }} />
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
