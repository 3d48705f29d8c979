/**
 * The settings form shared by 镇级设置 (the township admin's layer) and 村级设置 (a village's own
 * layer): visit rules (tune, switch off, add; by household or by person), meeting cadences,
 * default time limits, checklists (人居环境检查项), the 公益设施检查周期 and the 网格清扫日. Each value shows where it comes from (系统默认 / 镇级设置 / 本村设置) and,
 * when it is this layer's own, offers to go back to the value underneath. It renders and
 * dispatches only: the caller decides where an edit goes (a draft saved through the API, or the
 * village's meta doc, offline).
 */
import { useState } from 'react'
import { PERIOD_LABELS, type Period } from '../../../shared/civilDate'
import { MEETING_TYPE_LABELS, MEETING_TYPES, type MeetingType } from '../../../shared/meetingIndex'
import { ORIGIN_LABELS, type Effective, type EffectiveRule, type EffectiveSettings, type Origin } from '../../../shared/settings/effective'
import { CADENCE_LABELS, CADENCE_PERIODS, DEADLINE_TABLES, WEEKDAY_LABELS, WEEKDAYS, weekdaysText, DEADLINE_TABLE_NAMES, RULE_FIELD_SCHEMAS, RULE_PERIODS, RULE_TARGET_LABELS, RULE_TARGETS, type CadencePeriod, type DeadlineTable, type RuleLayer } from '../../../shared/settings/layer'
import { CHECKLIST_NAMES, CHECKLISTS, checklistSchema, splitItems, type ChecklistName } from '../../../shared/settings/checklists'
import { selectorsOf, splitWords, wordsOf } from './ruleWords'

export type SettingsActions = {
  setRule(ruleId: string, patch: RuleLayer): void
  resetRule(ruleId: string): void
  addRule(rule: Required<Pick<RuleLayer, 'label' | 'period' | 'minCount'>> & RuleLayer): void
  setCadence(type: MeetingType, value: CadencePeriod | undefined): void
  setDeadline(table: DeadlineTable, key: string, days: number | undefined): void
  setChecklist(name: ChecklistName, items: readonly string[] | undefined): void
  setFacilityInspection(value: CadencePeriod | undefined): void
  setGridCleaning(days: readonly number[] | undefined): void
}

type Props = { settings: EffectiveSettings; own: Exclude<Origin, 'default'>; readOnly: boolean; actions: SettingsActions }

/** Meeting types whose cadence is set here ('其他' has none). */
const CADENCE_TYPES = MEETING_TYPES.filter((t) => t !== 'other')

function OriginBadge({ origin }: { origin: Origin }) {
  return (
    <span className={`badge origin-${origin}`} data-testid="origin">
      {ORIGIN_LABELS[origin]}
    </span>
  )
}

function ResetButton({ label, onClick, testId }: { label: string; onClick(): void; testId: string }) {
  return (
    <button type="button" className="link small" onClick={onClick} data-testid={testId}>
      {label}
    </button>
  )
}

export function SettingsEditor({ settings, own, readOnly, actions }: Props) {
  return (
    <>
      <VisitRulesEditor rules={settings.visitRules} own={own} readOnly={readOnly} actions={actions} />
      <section className="card settings-group" data-testid="settings-cadences">
        <h2>会议周期</h2>
        <p className="muted small">每个周期内至少开一次；没开的会在「会议记录」里提示。</p>
        <ul className="settings-list">
          {CADENCE_TYPES.map((type) => (
            <PeriodRow
              key={type}
              name={MEETING_TYPE_LABELS[type]}
              label={`${MEETING_TYPE_LABELS[type]}周期`}
              value={settings.cadences[type]}
              own={own}
              readOnly={readOnly}
              onChange={(period) => actions.setCadence(type, period)}
              testIds={{ row: `cadence-${type}`, reset: `reset-cadence-${type}` }}
            />
          ))}
        </ul>
      </section>
      <section className="card settings-group" data-testid="settings-deadlines">
        <h2>办理时限</h2>
        <p className="muted small">从发现（排查、登记）之日起算的天数；0 表示不设默认时限。案件上自己填写的时限优先。</p>
        {DEADLINE_TABLE_NAMES.map((table) => (
          <div key={table}>
            <h3>
              {DEADLINE_TABLES[table].label}（按{DEADLINE_TABLES[table].by}）
            </h3>
            <ul className="settings-list">
              {DEADLINE_TABLES[table].keys.map((key) => (
                <DeadlineRow key={key} table={table} name={key} value={settings.deadlines[table][key]!} own={own} readOnly={readOnly} actions={actions} />
              ))}
            </ul>
          </div>
        ))}
      </section>
      <section className="card settings-group" data-testid="settings-facility-inspection">
        <h2>公益设施检查周期</h2>
        <p className="muted small">公厕、道路、坑塘沟渠、河道、垃圾收集点等公益设施定期检查：每个周期内至少检查一次，没查的在「物」台账里标为「本月未检查」等。「不要求」不作提示。</p>
        <ul className="settings-list">
          <PeriodRow
            name="每处公益设施"
            label="公益设施检查周期"
            value={settings.facilityInspection}
            own={own}
            readOnly={readOnly}
            onChange={(period) => actions.setFacilityInspection(period)}
            testIds={{ row: 'facility-inspection', select: 'facility-inspection-period', reset: 'reset-facility-inspection' }}
          />
        </ul>
      </section>
      <GridCleaningEditor value={settings.gridCleaning} own={own} readOnly={readOnly} onChange={(days) => actions.setGridCleaning(days)} />
      {CHECKLIST_NAMES.map((name) => (
        <ChecklistEditor key={name} name={name} value={settings.checklists[name]} own={own} readOnly={readOnly} actions={actions} />
      ))}
    </>
  )
}

/**
 * A checklist typed as text, one item a line (or separated by 、，), applied with a button: each
 * keystroke is not a new list. Refused lists say why in Chinese and change nothing.
 */
function ChecklistEditor({ name, value, own, readOnly, actions }: { name: ChecklistName; value: Effective<readonly string[]>; own: Origin; readOnly: boolean; actions: SettingsActions }) {
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const shown = draft ?? value.value.join('\n')
  const apply = () => {
    if (draft === null) return
    const parsed = checklistSchema.safeParse(splitItems(draft))
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '检查项有误')
    setError(null)
    setDraft(null)
    actions.setChecklist(name, parsed.data)
  }
  const label = CHECKLISTS[name].label
  return (
    <section className="card settings-group" data-testid={`settings-checklist-${name}`}>
      <h2>{label}</h2>
      <p className="muted small">
        人居环境检查时逐项对照，不合格的勾选出来。每行一项（也可用顿号隔开），每项不超过 20 个字，最多 20 项。已记下的检查保留当时的检查项，改动只影响今后的检查。
      </p>
      <ol className="checklist-items" data-testid="checklist-items">
        {value.value.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ol>
      <p>
        <OriginBadge origin={value.origin} />
        {value.origin === own && !readOnly && (
          <ResetButton label={`恢复为${ORIGIN_LABELS[value.inheritedOrigin]}（${value.inherited.length} 项）`} onClick={() => actions.setChecklist(name, undefined)} testId={`reset-checklist-${name}`} />
        )}
      </p>
      {!readOnly && (
        <details className="new-rule" data-testid="checklist-edit" open={draft !== null || undefined}>
          <summary>修改{label}</summary>
          <label>
            {label}（每行一项）
            <textarea
              rows={Math.min(12, Math.max(4, shown.split('\n').length + 1))}
              value={shown}
              aria-invalid={error ? true : undefined}
              data-testid="checklist-text"
              onChange={(e) => {
                setDraft(e.target.value)
                setError(null)
              }}
            />
          </label>
          {error && (
            <p className="error" role="alert" data-testid="checklist-error">
              {error}
            </p>
          )}
          <p className="actions wrap">
            <button type="button" className="secondary" disabled={draft === null} onClick={apply} data-testid="checklist-apply">
              使用这些检查项
            </button>
            {draft !== null && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  setDraft(null)
                  setError(null)
                }}
              >
                放弃修改
              </button>
            )}
          </p>
        </details>
      )}
    </section>
  )
}

/** 网格清扫日: a box a weekday; none ticked asks for nothing. */
function GridCleaningEditor({ value, own, readOnly, onChange }: { value: Effective<readonly number[]>; own: Origin; readOnly: boolean; onChange(days: readonly number[] | undefined): void }) {
  const toggle = (day: number, on: boolean) => onChange(on ? [...value.value, day].sort((a, b) => a - b) : value.value.filter((d) => d !== day))
  return (
    <section className="card settings-group" data-testid="settings-grid-cleaning">
      <h2>网格清扫日</h2>
      <p className="muted small">网格员在这几天早上 8 点前把网格环境卫生彻底清扫一遍，在巡查记录里填「网格清扫」；没有记录的在巡查周结和报表里计为未清扫。如某镇方案为「至少每周一、三、五早上8点前」。都不选为不要求。</p>
      <ul className="settings-list">
        <li className="settings-row" data-testid="grid-cleaning">
          <span className="settings-name">每周</span>
          <span className="weekdays" role="group" aria-label="网格清扫日">
            {WEEKDAYS.map((day) => (
              <label key={day} className="inline">
                <input type="checkbox" checked={value.value.includes(day)} disabled={readOnly} onChange={(e) => toggle(day, e.target.checked)} data-testid={`grid-cleaning-${day}`} />
                {WEEKDAY_LABELS[day]}
              </label>
            ))}
          </span>
          <OriginBadge origin={value.origin} />
          {value.origin === own && !readOnly && <ResetButton label={`恢复为${ORIGIN_LABELS[value.inheritedOrigin]}（${weekdaysText(value.inherited)}）`} onClick={() => onChange(undefined)} testId="reset-grid-cleaning" />}
        </li>
      </ul>
    </section>
  )
}

/** A period setting (a meeting's cadence, the facilities' inspection): one of CADENCE_PERIODS, where it comes from, and the way back to the inherited one. */
function PeriodRow({ name, label, value, own, readOnly, onChange, testIds }: { name: string; label: string; value: Effective<CadencePeriod>; own: Origin; readOnly: boolean; onChange(period: CadencePeriod | undefined): void; testIds: { row: string; select?: string; reset: string } }) {
  return (
    <li className="settings-row" data-testid={testIds.row}>
      <span className="settings-name">{name}</span>
      <select value={value.value} disabled={readOnly} aria-label={label} data-testid={testIds.select} onChange={(e) => onChange(e.target.value as CadencePeriod)}>
        {CADENCE_PERIODS.map((p) => (
          <option key={p} value={p}>
            {CADENCE_LABELS[p]}
          </option>
        ))}
      </select>
      <OriginBadge origin={value.origin} />
      {value.origin === own && !readOnly && <ResetButton label={`恢复为${ORIGIN_LABELS[value.inheritedOrigin]}（${CADENCE_LABELS[value.inherited]}）`} onClick={() => onChange(undefined)} testId={testIds.reset} />}
    </li>
  )
}

function DeadlineRow({ table, name, value, own, readOnly, actions }: { table: DeadlineTable; name: string; value: Effective<number>; own: Origin; readOnly: boolean; actions: SettingsActions }) {
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const commit = (text: string) => {
    setDraft(text)
    const days = Number(text)
    if (text.trim() === '' || !Number.isInteger(days) || days < 0 || days > 365) return setError('请填 0 到 365 之间的整数天数')
    setError(null)
    setDraft(null)
    actions.setDeadline(table, name, days)
  }
  return (
    <li className="settings-row" data-testid={`deadline-${table}-${name}`}>
      <span className="settings-name">{name}</span>
      <span className="rule-edit">
        <input type="number" min={0} max={365} inputMode="numeric" className="days" value={draft ?? String(value.value)} disabled={readOnly} aria-label={`${name}时限天数`} aria-invalid={error ? true : undefined} onChange={(e) => commit(e.target.value)} />天
      </span>
      <OriginBadge origin={value.origin} />
      {value.origin === own && !readOnly && <ResetButton label={`恢复为${ORIGIN_LABELS[value.inheritedOrigin]}（${value.inherited || '不设'}${value.inherited ? ' 天' : ''}）`} onClick={() => actions.setDeadline(table, name, undefined)} testId={`reset-deadline-${table}-${name}`} />}
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </li>
  )
}

function VisitRulesEditor({ rules, own, readOnly, actions }: { rules: readonly EffectiveRule[]; own: Origin; readOnly: boolean; actions: SettingsActions }) {
  return (
    <section className="card settings-group" data-testid="settings-visit-rules">
      <h2>走访规则</h2>
      <p className="muted small">按户的规则数走访户的次数；按人的规则只数写明了「走访对象（个人）」的走访。特殊人群、关爱帮扶类别只对有敏感信息权限的人计算。</p>
      <ul className="settings-list">
        {rules.map((rule) => (
          <RuleRow key={rule.id} rule={rule} own={own} readOnly={readOnly} actions={actions} />
        ))}
      </ul>
      {!readOnly && <NewRuleForm onAdd={actions.addRule} />}
    </section>
  )
}

function RuleRow({ rule, own, readOnly, actions }: { rule: EffectiveRule; own: Origin; readOnly: boolean; actions: SettingsActions }) {
  const mine = rule.definedBy === own
  const who = wordsOf(rule)
  return (
    <li className="settings-row rule-row" data-testid={`rule-${rule.id}`}>
      <label className="inline settings-name">
        <input type="checkbox" checked={rule.enabled} disabled={readOnly} onChange={(e) => actions.setRule(rule.id, { enabled: e.target.checked })} aria-label={`启用：${rule.label}`} /> {rule.label}
      </label>
      <span className="muted small">
        {RULE_TARGET_LABELS[rule.target ?? 'household']}：{who || (rule.target === 'resident' ? '所有人' : '所有户')}
        {rule.source && ` · 依据 ${rule.source}`}
      </span>
      <span className="rule-edit">
        <select value={rule.period} disabled={readOnly} aria-label="周期" data-testid="rule-period" onChange={(e) => actions.setRule(rule.id, { period: e.target.value as Period })}>
          {RULE_PERIODS.map((p) => (
            <option key={p} value={p}>
              {PERIOD_LABELS[p]}
            </option>
          ))}
        </select>
        至少
        <input
          type="number"
          min={1}
          max={31}
          className="days"
          value={rule.minCount}
          disabled={readOnly}
          aria-label="次数"
          data-testid="rule-count"
          onChange={(e) => RULE_FIELD_SCHEMAS.minCount.safeParse(Number(e.target.value)).success && actions.setRule(rule.id, { minCount: Number(e.target.value) })}
        />
        次
      </span>
      <OriginBadge origin={rule.origin} />
      {!readOnly && rule.origin === own && (
        <ResetButton
          label={mine ? '删除这条规则' : `恢复为${ORIGIN_LABELS[own === 'village' ? rule.inheritedOrigin : 'default']}`}
          onClick={() => actions.resetRule(rule.id)}
          testId={`reset-rule-${rule.id}`}
        />
      )}
    </li>
  )
}

function NewRuleForm({ onAdd }: { onAdd: SettingsActions['addRule'] }) {
  const [label, setLabel] = useState('')
  const [target, setTarget] = useState<(typeof RULE_TARGETS)[number]>('household')
  const [words, setWords] = useState('')
  const [period, setPeriod] = useState<Period>('month')
  const [count, setCount] = useState('1')
  const [error, setError] = useState<string | null>(null)
  const submit = () => {
    const name = RULE_FIELD_SCHEMAS.label.safeParse(label)
    if (!name.success) return setError(name.error.issues[0]?.message ?? '请填写规则名称')
    const minCount = RULE_FIELD_SCHEMAS.minCount.safeParse(Number(count))
    if (!minCount.success) return setError(minCount.error.issues[0]?.message ?? '次数有误')
    setError(null)
    onAdd({ label: name.data, target, period, minCount: minCount.data, enabled: true, ...selectorsOf(splitWords(words)) })
    setLabel('')
    setWords('')
  }
  return (
    <details className="new-rule" data-testid="new-rule">
      <summary>新增走访规则</summary>
      <div className="form-grid">
        <label>
          规则名称
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="如：独居老人每周探访" data-testid="new-rule-label" />
        </label>
        <label>
          走访对象
          <select value={target} onChange={(e) => setTarget(e.target.value as typeof target)} data-testid="new-rule-target">
            {RULE_TARGETS.map((t) => (
              <option key={t} value={t}>
                {RULE_TARGET_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          类别（不填为全部）
          <input value={words} onChange={(e) => setWords(e.target.value)} placeholder="如：独居老人、低保户、流动" data-testid="new-rule-words" />
        </label>
        <label>
          周期
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} data-testid="new-rule-period">
            {RULE_PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          至少几次
          <input type="number" min={1} max={31} value={count} onChange={(e) => setCount(e.target.value)} data-testid="new-rule-count" />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="actions wrap">
        <button type="button" className="secondary" onClick={submit} data-testid="new-rule-add">
          添加规则
        </button>
      </p>
    </details>
  )
}
