/** 走访规则: the visit-frequency rules in force (DOMAIN.md §4.1 defaults), adjustable by cadres. */
import { useSyncExternalStore } from 'react'
import { docName } from '../../../shared/docNames'
import { PERIOD_LABELS, type Period } from '../../../shared/ledger/civilDate'
import { effectiveVisitRules, setVisitRuleOverride, visitRuleOverrides } from '../../../shared/ledger/visitRules'
import { isReadOnly } from '../components/DocStatus'
import type { LedgerContext } from './context'

const PERIODS = Object.keys(PERIOD_LABELS) as Period[]

export function VisitRulesCard({ ledger, issues, villageId, membership, user }: LedgerContext) {
  const meta = ledger.meta
  useSyncExternalStore(
    (onChange) => {
      if (!meta) return () => undefined
      const map = visitRuleOverrides(meta)
      map.observeDeep(onChange)
      return () => map.unobserveDeep(onChange)
    },
    () => (meta ? JSON.stringify(visitRuleOverrides(meta).toJSON()) : ''),
  )
  if (!meta) return null
  const canEdit = !isReadOnly(issues[docName({ kind: 'meta', villageId })]) && (user.role === 'township_admin' || membership?.role === 'village_cadre')
  return (
    <details className="card" data-testid="visit-rules">
      <summary>走访规则</summary>
      <ul className="rules">
        {effectiveVisitRules(meta).map((rule) => (
          <li key={rule.id}>
            <label className="inline">
              <input type="checkbox" checked={rule.enabled} disabled={!canEdit} onChange={(e) => setVisitRuleOverride(meta, rule.id, { enabled: e.target.checked })} /> {rule.label}
            </label>
            <span className="rule-edit">
              <select value={rule.period} disabled={!canEdit} aria-label="周期" onChange={(e) => setVisitRuleOverride(meta, rule.id, { period: e.target.value as Period })}>
                {PERIODS.map((p) => (
                  <option key={p} value={p}>
                    {PERIOD_LABELS[p]}
                  </option>
                ))}
              </select>
              至少
              <input type="number" min={1} max={31} value={rule.minCount} disabled={!canEdit} aria-label="次数" onChange={(e) => Number(e.target.value) >= 1 && setVisitRuleOverride(meta, rule.id, { minCount: Number(e.target.value) })} />次
            </span>
            <span className="muted small"> 依据 {rule.source}</span>
          </li>
        ))}
      </ul>
    </details>
  )
}
