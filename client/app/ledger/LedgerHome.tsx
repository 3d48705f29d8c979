/**
 * 台账首页: the dashboard of the village or of one grid — counts, categories, 化解率, what is
 * overdue and which households are due a visit — the figures of a month, quarter or year
 * (PeriodStatsCard) and the way into each kind's table. Sensitive counts under 3 read "<3".
 */
import { useMemo, useState } from 'react'
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { RECORD_KINDS } from '../../../shared/ledger/kinds/index'
import { recordStatus } from '../../../shared/ledger/status'
import { ledgerStats, maskSmallCount, type LedgerData } from '../../../shared/ledger/stats'
import { PERIOD_LABELS } from '../../../shared/civilDate'
import { PeriodStatsCard } from './PeriodStatsCard'
import { MyCasesCard } from './MyCasesCard'
import { MyTasksCard } from './MyTasksCard'
import { ToAcceptCard } from './ToAcceptCard'
import { withDefaultDeadlines } from '../../../shared/settings/deadlines'
import { AskCard, MovedCard } from './HandOverPanel'
import { BULLETIN, type LedgerContext } from './context'
import { VisitRulesCard } from './VisitRulesCard'
import { PatrolTodayCard, useCanRecord } from './PatrolWeek'
import { EnvironmentCard } from './EnvironmentCard'
import { FloatingCard } from './FloatingCard'
import { FacilityDueCard } from './FacilityDueCard'
import { GridSelect } from './GridSelect'
import { Stat } from './Stat'
import { docName } from '../../../shared/docNames'
import { useStore } from '../hooks/useStore'

const DUE_SHOWN = 50

export function LedgerHome(ctx: LedgerContext) {
  const { ledger, today, go } = ctx
  const [gridId, setGridId] = useState('')
  const sensitive = ledger.grids.some((g) => g.sensitive !== 'none')
  // Visit rules and default time limits in force: the village's own over the township's (村级设置).
  const { settings, deadlines } = ctx
  const stats = useMemo(() => {
    const pick = (kind: string) => ledger.index.records(kind).filter((r) => !gridId || r.gridId === gridId)
    const data: LedgerData = withDefaultDeadlines({
      household: pick('household'),
      resident: pick('resident'),
      visit: pick('visit'),
      dispute: pick('dispute'),
      incident: pick('incident'),
      thing: pick('thing'),
      ...(sensitive ? { specialPerson: pick('specialPerson'), careRecord: pick('careRecord') } : {}),
    }, deadlines)
    const rules = settings.visitRules
    return { data, rules, ...ledgerStats(data, rules, today) }
    // ledger.version is in the deps on purpose: it changes whenever any record does.
  }, [ledger.index, ledger.version, gridId, today, sensitive, settings, deadlines])
  const households = new Map(stats.data.household.map((h) => [h.id, h]))
  const residents = new Map(stats.data.resident.map((r) => [r.id, r]))
  const dueHouseholds = new Set(stats.due.map((d) => d.householdId)).size
  const overdue = [...stats.data.incident, ...stats.data.dispute, ...stats.data.thing].filter((r) => {
    const def = RECORD_KINDS.find((k) => k.kind === r.kind)
    return def && recordStatus(def, r, today)?.overdue
  })
  const open = (record: LedgerRecord) => go([record.kind, record.gridId, record.id])
  // Publishing a notice is the cadres' act (the relay checks write access to the decisions doc).
  const canRecord = useCanRecord(ctx)
  const access = useStore(ctx.workspace.access)
  const canPublish = access.canWrite(docName({ kind: 'decisions', villageId: ctx.villageId }))
  // Task progress is written to the meta doc: the cadres' (a grid worker reads its tasks, not the minutes).
  const canTrackTasks = access.canWrite(docName({ kind: 'meta', villageId: ctx.villageId }))

  return (
    <div className="ledger-home" data-testid="ledger-home-page">
      <GridSelect grids={ledger.grids} value={gridId} onChange={setGridId} testId="dashboard-grid" />
      <div className="stat-grid" data-testid="dashboard">
        <Stat label="户数" value={stats.households} testId="stat-households" />
        <Stat label="人数" value={stats.residents} testId="stat-residents" />
        <Stat label="待走访" value={stats.due.length} note={stats.due.some((d) => d.residentId) ? `其中 ${stats.due.filter((d) => d.residentId).length} 人按人走访` : undefined} warn={stats.due.length > 0} testId="stat-due" />
        <Stat label="调处中纠纷" value={stats.disputes.open} note={stats.disputes.overdue ? `${stats.disputes.overdue} 起超期` : undefined} warn={stats.disputes.overdue > 0} testId="stat-disputes" />
        <Stat label="未办结事件" value={stats.incidents.open} note={[stats.incidents.overdue && `${stats.incidents.overdue} 件超期`, stats.incidents.supervised && `${stats.incidents.supervised} 件督办`, stats.incidents.conflicts && `${stats.incidents.conflicts} 件有冲突`].filter(Boolean).join('，') || undefined} warn={stats.incidents.overdue > 0} testId="stat-incidents" />
        <Stat
          label="本月群众反映"
          value={stats.matters.received}
          note={[`${stats.matters.closed} 件办结`, stats.matters.satisfactionRate !== null && `满意率 ${Math.round(stats.matters.satisfactionRate * 100)}%`, stats.matters.medianDaysToClose !== null && `办结中位 ${stats.matters.medianDaysToClose} 天`].filter(Boolean).join('，')}
          testId="stat-matters"
        />
        <Stat label="未销号隐患" value={stats.hazards.open} note={stats.hazards.overdue ? `${stats.hazards.overdue} 处超期` : undefined} warn={stats.hazards.overdue > 0} testId="stat-hazards" />
      </div>
      {canPublish && (
        <p className="actions wrap">
          <button type="button" className="secondary" onClick={() => go([BULLETIN])} data-testid="open-bulletin">
            民呼我应办结公示
          </button>
        </p>
      )}
      <ToAcceptCard ctx={ctx} data={stats.data} open={open} />
      <MyCasesCard data={stats.data} member={ctx.user} today={today} open={open} />
      <MyTasksCard meta={ledger.meta} member={ctx.user} villageId={ctx.villageId} today={today} canTrack={canTrackTasks} />
      <PatrolTodayCard {...ctx} gridId={gridId} />
      <EnvironmentCard {...ctx} gridId={gridId} canRecord={canRecord} />
      <FacilityDueCard things={stats.data.thing} today={today} inspectEvery={settings.facilityInspection.value} open={open} />
      <FloatingCard residents={stats.data.resident} today={today} open={open} />
      <AskCard {...ctx} gridId={gridId} />
      <MovedCard {...ctx} gridId={gridId} />
      <PeriodStatsCard data={stats.data} rules={stats.rules} today={today} />
      <nav className="kind-tiles" aria-label="台账类别">
        {RECORD_KINDS.filter((k) => k.doc === 'ledger' || sensitive).map((k) => (
          <button key={k.kind} type="button" className="tile" data-testid={`kind-${k.kind}`} onClick={() => go([k.kind])}>
            <strong>{k.label}</strong>
            <span className="muted">{ledger.index.records(k.kind).filter((r) => !gridId || r.gridId === gridId).length} 条</span>
          </button>
        ))}
      </nav>
      {stats.flagCounts.length > 0 && (
        <section className="card">
          <h3>重点类别</h3>
          <p className="tags">
            {stats.flagCounts.map(([flag, count]) => (
              <span key={flag} className="pill">
                {flag} {count}
              </span>
            ))}
          </p>
          {stats.special && (
            <p className="tags" data-testid="special-counts">
              <span className="pill sensitive">敏感</span>
              {stats.special.counts.map(([category, count]) => (
                <span key={category} className="pill">
                  {category} {maskSmallCount(count)}
                </span>
              ))}
            </p>
          )}
        </section>
      )}
      {overdue.length > 0 && (
        <section className="card" data-testid="overdue-list">
          <h3>超期未办结（{overdue.length}）</h3>
          <ul>
            {overdue.map((r) => {
              const def = RECORD_KINDS.find((k) => k.kind === r.kind)!
              return (
                <li key={r.id}>
                  <button type="button" className="link" onClick={() => open(r)}>
                    [{def.label}] {def.title(r.values)}
                  </button>
                  <span className="muted"> 时限 {text(r.values, 'deadline') || text(r.values, 'planDeadline')}</span>
                </li>
              )
            })}
          </ul>
        </section>
      )}
      <section className="card" data-testid="due-list">
        <h3>
          待走访（{dueHouseholds} 户{stats.due.length > dueHouseholds || stats.due.some((d) => d.residentId) ? `，${stats.due.filter((d) => d.residentId).length} 人` : ''}）
        </h3>
        {stats.due.length === 0 && <p className="muted">按走访规则，本期应走访的户和人都已走访。</p>}
        <ul>
          {stats.due.slice(0, DUE_SHOWN).map((d) => {
            const household = households.get(d.householdId)
            const resident = d.residentId ? residents.get(d.residentId) : undefined
            return (
              <li key={d.residentId ?? d.householdId} data-testid={d.residentId ? 'due-person' : 'due-household'}>
                <button type="button" className="link" onClick={() => (resident ? open(resident) : household && open(household))}>
                  {resident ? `${text(resident.values, 'name')}（个人）` : household ? `${text(household.values, 'headName')}户 ${text(household.values, 'address')}` : d.householdId}
                </button>
                <span className="muted">
                  {' '}
                  {d.rule.label}：{PERIOD_LABELS[d.rule.period]}至少 {d.rule.minCount} 次，已走访 {d.done} 次，{d.periodEnd} 前
                </span>
              </li>
            )
          })}
        </ul>
        {stats.due.length > DUE_SHOWN && <p className="muted">还有 {stats.due.length - DUE_SHOWN} 户未列出。</p>}
      </section>
      <VisitRulesCard rules={settings.visitRules} />
    </div>
  )
}
