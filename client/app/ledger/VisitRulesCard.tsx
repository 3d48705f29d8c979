/** 走访规则: the visit-frequency rules in force (DOMAIN.md §4.1 defaults), adjustable by cadres. */
import { docName } from '../../../shared/docNames'
import { PERIOD_LABELS, type Period } from '../../../shared/civilDate'
import { setVisitRuleOverride } from '../../../shared/ledger/visitRules'
import { visitRulesView } from '../../workspace/views'
import { useOptionalStore, useStore } from '../hooks/useStore'
import type { LedgerContext } from './context'

const PERIODS = Object.keys(PERIOD_LABELS) as Period[]

export function VisitRulesCard({ ledger, villageId, workspace }: LedgerContext) {
  const meta = ledger.meta
  const rules = useOptionalStore(meta ? visitRulesView(meta) : null, [])
  const canEdit = useStore(workspace.access).canWrite(docName({ kind: 'meta', villageId }))
  if (!meta) return null
  return (
    <details className="card" data-testid="visit-rules">
      <summary>走访规则</summary>
      <ul className="rules">
        {rules.map((rule) => (
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
