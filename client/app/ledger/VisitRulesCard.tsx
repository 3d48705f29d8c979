/**
 * 走访规则: the visit rules in force for this village (the township's, with the village's own
 * overrides), each saying where it comes from. They are changed in 村级设置 (village cadres) and
 * 镇级设置 (the township admin).
 */
import { PERIOD_LABELS } from '../../../shared/civilDate'
import { ORIGIN_LABELS, type EffectiveRule } from '../../../shared/settings/effective'
import { RULE_TARGET_LABELS } from '../../../shared/settings/layer'

export function VisitRulesCard({ rules }: { rules: readonly EffectiveRule[] }) {
  return (
    <details className="card" data-testid="visit-rules">
      <summary>走访规则（{rules.filter((r) => r.enabled).length} 条在用）</summary>
      <ul className="rules">
        {rules.map((rule) => (
          <li key={rule.id} className={rule.enabled ? undefined : 'muted'}>
            {rule.label}：{RULE_TARGET_LABELS[rule.target ?? 'household']}，{PERIOD_LABELS[rule.period]}至少 {rule.minCount} 次{rule.enabled ? '' : '（停用）'}
            <span className="muted small"> {ORIGIN_LABELS[rule.origin]}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">走访规则由镇级设置统一规定，本村可在「村庄概况 · 村级设置」中调整。</p>
    </details>
  )
}
