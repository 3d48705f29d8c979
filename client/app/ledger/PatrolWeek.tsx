/**
 * 日清周结 (seed 003: 「認真填寫工作日志,做到工作日清周結」): the dashboard card says whether today
 * has a patrol yet and how the week stands; the 巡查周结 page lays the week out day by day and
 * writes the 周结 from the ledger (shared/ledger/patrol.ts patrolWeek), to print or copy into a
 * work log. Nothing on it is typed twice. The week is one grid's, or the village's, and one
 * person's (巡查人 / 走访人, the user's own by default when they have any) or everyone's. Days before
 * the village began to use Cunwu read 启用前, not 未巡查. On the village's 网格清扫日 (settings) the
 * card and the week say whether the grid was cleaned, and whether before 8.
 */
import { useMemo, useState } from 'react'
import { addDays } from '../../../shared/civilDate'
import { text } from '../../../shared/ledger/kind'
import { patrolWeek, weekSummary, type CleaningState, type PatrolWeekData } from '../../../shared/ledger/patrol'
import { docName } from '../../../shared/docNames'
import { useStore } from '../hooks/useStore'
import { useVillageSince } from '../hooks/useVillageSince'
import { PATROL_WEEK, type LedgerContext } from './context'
import { GridSelect } from './GridSelect'
import { Stat } from './Stat'

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

const CLEANING_TEXT: Record<CleaningState, string> = { onTime: '8点前已清扫', late: '8点后清扫', today: '今天待清扫', missed: '未清扫', upcoming: '清扫日' }

function CleaningCell({ state }: { state: CleaningState | null }) {
  if (state === null) return null
  return <span className={state === 'missed' ? 'overdue' : state === 'onTime' ? undefined : 'muted'}>{CLEANING_TEXT[state]}</span>
}

function weekData(ctx: LedgerContext, gridId: string): PatrolWeekData {
  const pick = (kind: string) => ctx.ledger.index.records(kind).filter((r) => !gridId || r.gridId === gridId)
  return { patrol: pick('patrol'), visit: pick('visit'), incident: pick('incident'), dispute: pick('dispute'), thing: pick('thing') }
}

/** Everyone who patrolled in scope, and whether the user is among them (then the default is theirs). */
function people(data: PatrolWeekData, me: string): { names: string[]; mine: boolean } {
  const names = [...new Set(data.patrol.map((p) => text(p.values, 'patroller')).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'))
  const mine = names.includes(me) || data.visit.some((v) => text(v.values, 'visitor') === me)
  return { names: mine && !names.includes(me) ? [me, ...names] : names, mine }
}

/** Whether the user may write the ledger of some grid shown. */
export function useCanRecord(ctx: LedgerContext): boolean {
  const access = useStore(ctx.workspace.access)
  return ctx.ledger.grids.some((g) => access.canWrite(docName({ kind: 'ledger', villageId: ctx.villageId, gridId: g.id })))
}

/** The dashboard's 巡查 card for the grid (or village) it shows. */
export function PatrolTodayCard(ctx: LedgerContext & { gridId: string }) {
  const { gridId, today, go } = ctx
  const canRecord = useCanRecord(ctx)
  const since = useVillageSince(ctx.workspace, ctx.villageId)
  const cleaningDays = ctx.settings.gridCleaning.value
  const week = useMemo(() => {
    const data = weekData(ctx, gridId)
    return patrolWeek(data, today, today, people(data, ctx.user.name).mine ? ctx.user.name : null, since, cleaningDays)
    // ledger.version is in the deps on purpose: it changes whenever any record does.
  }, [ctx.ledger.index, ctx.ledger.version, gridId, today, ctx.user.name, since, cleaningDays])
  const day = week.days.find((d) => d.date === today)
  return (
    <section className="card" data-testid="patrol-today">
      <h3>
        巡查 <span className="muted small">日清周结{week.person ? ` · ${week.person}` : ''}</span>
      </h3>
      {day && day.patrols > 0 ? (
        <p data-testid="patrol-today-done">
          今天已巡查 {day.patrols} 次{day.findings ? `，发现问题 ${day.findings} 个` : '，未发现问题'}。
        </p>
      ) : (
        <p className="due" data-testid="patrol-today-none">
          今天还没有巡查记录。
        </p>
      )}
      {day?.cleaning && (
        <p className={day.cleaning === 'today' ? 'due' : undefined} data-testid="patrol-today-cleaning">
          今天是网格清扫日：{day.cleaning === 'today' ? '还没有清扫记录（记巡查时填「网格清扫」）' : CLEANING_TEXT[day.cleaning]}。
        </p>
      )}
      <p className="muted">
        本周巡查 {week.daysPatrolled}/{week.daysDue} 天、{week.patrols} 次
        {week.cleaning.due > 0 && `；清扫 ${week.cleaning.done}/${week.cleaning.due} 天`}
        {week.open.length > 0 && <span className="warn">；{week.open.length} 个问题未处置、未转办</span>}
      </p>
      <p className="actions wrap">
        {canRecord && (
          <button type="button" data-testid="patrol-new" onClick={() => go(['patrol', 'new'])}>
            记巡查
          </button>
        )}
        <button type="button" className="secondary" data-testid="patrol-week-open" onClick={() => go([PATROL_WEEK])}>
          本周周结
        </button>
      </p>
    </section>
  )
}

/** The 巡查周结 page. */
export function PatrolWeekPage(ctx: LedgerContext & { onBack(): void }) {
  const { ledger, today, go } = ctx
  const [gridId, setGridId] = useState(ledger.grids.length === 1 ? (ledger.grids[0]?.id ?? '') : '')
  const [anchor, setAnchor] = useState(today)
  const data = useMemo(() => weekData(ctx, gridId), [ctx.ledger.index, ctx.ledger.version, gridId])
  const { names, mine } = useMemo(() => people(data, ctx.user.name), [data, ctx.user.name])
  const [chosen, setChosen] = useState<string | null | undefined>(undefined)
  const person = chosen === undefined ? (mine ? ctx.user.name : null) : chosen
  const since = useVillageSince(ctx.workspace, ctx.villageId)
  const cleaningDays = ctx.settings.gridCleaning.value
  const week = useMemo(() => patrolWeek(data, anchor, today, person, since, cleaningDays), [data, anchor, today, person, since, cleaningDays])
  const cleaning = cleaningDays.length > 0
  const grid = ledger.grids.find((g) => g.id === gridId)
  const scopeName = grid ? grid.name : '全村'
  const summary = weekSummary(week, scopeName)
  const running = week.end >= today
  const [copied, setCopied] = useState<string | null>(null)
  const copy = () => {
    if (!navigator.clipboard) return setCopied('这台设备不能直接复制，请长按下面的文字选择复制。')
    navigator.clipboard.writeText(summary).then(
      () => setCopied('已复制。'),
      () => setCopied('没能复制，请长按下面的文字选择复制。'),
    )
  }
  return (
    <>
      <button type="button" className="link back" onClick={ctx.onBack} data-testid="patrol-week-back">
        ‹ 台账首页
      </button>
      <section className="card report-sheet patrol-week" data-testid="patrol-week">
        <h2>
          巡查周结 <span className="muted small">{week.start} 至 {week.end}</span>
        </h2>
        <div className="report-controls no-print">
          <GridSelect
            grids={ledger.grids}
            value={gridId}
            testId="patrol-week-grid"
            onChange={(id) => {
              setGridId(id)
              setChosen(undefined)
            }}
          />
          <select value={person ?? ''} aria-label="巡查人" data-testid="patrol-week-person" onChange={(e) => setChosen(e.target.value === '' ? null : e.target.value)}>
            <option value="">全部巡查人</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <button type="button" data-testid="patrol-week-prev" onClick={() => setAnchor(addDays(week.start, -1))}>
            上一周
          </button>
          <button type="button" data-testid="patrol-week-next" disabled={running} onClick={() => setAnchor(addDays(week.end, 1))}>
            下一周
          </button>
          {!running && (
            <button type="button" className="link" onClick={() => setAnchor(today)}>
              回到本周
            </button>
          )}
        </div>
        <table className="day-table" data-testid="patrol-days">
          <thead>
            <tr>
              <th>日期</th>
              <th>巡查</th>
              <th className="num">问题</th>
              <th className="num">走访</th>
              {cleaning && <th>清扫</th>}
            </tr>
          </thead>
          <tbody>
            {week.days.map((d, i) => (
              <tr key={d.date} className={!d.due ? 'future' : d.patrols === 0 ? 'missed' : undefined} data-testid="patrol-day">
                <th>
                  {WEEKDAYS[i]} <span className="day">{d.date.slice(5)}</span>
                </th>
                <td className="patrols-cell">{!d.due ? (d.future ? '—' : '启用前') : d.patrols === 0 ? <span className="overdue">未巡查</span> : <>{d.patrols} 次<span className="muted small route">{d.routes.join('、')}</span></>}</td>
                <td className="num">{d.future ? '' : d.findings}</td>
                <td className="num">{d.future ? '' : d.visits}</td>
                {cleaning && (
                  <td data-testid="patrol-day-cleaning">
                    <CleaningCell state={d.cleaning} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="stat-grid">
          <Stat label="巡查天数" value={`${week.daysPatrolled}/${week.daysDue}`} note={`共 ${week.patrols} 次`} warn={week.daysPatrolled < week.daysDue} testId="week-days" />
          <Stat label="发现问题" value={week.findings} note={`转事件 ${week.raised.incident}，转隐患 ${week.raised.hazard}，现场处置 ${week.handledOnSite} 次`} testId="week-findings" />
          <Stat label="走访" value={week.visits} note={`${week.visitedHouseholds} 户`} testId="week-visits" />
          {cleaning && <Stat label="网格清扫" value={`${week.cleaning.done}/${week.cleaning.due}`} note={`8点前 ${week.cleaning.onTime} 天`} warn={week.cleaning.done < week.cleaning.due} testId="week-cleaning" />}
          <Stat label={`${scopeName}事件`} value={`${week.incidents.done}/${week.incidents.found}`} note="本周办结/新发现" testId="week-incidents" />
        </div>
        {week.open.length > 0 && (
          <div data-testid="week-open">
            <h3>未处置、未转办的问题（{week.open.length}）</h3>
            <ul className="plain">
              {week.open.map((o) => (
                <li key={`${o.patrol.id}:${o.finding}`}>
                  <button type="button" className="link" onClick={() => go(['patrol', o.patrol.gridId, o.patrol.id])}>
                    {text(o.patrol.values, 'date').slice(5)} {o.finding}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <h3>周结</h3>
        <div className="week-summary" data-testid="week-summary">
          {summary}
        </div>
        <p className="actions wrap no-print">
          <button type="button" onClick={copy} data-testid="week-copy">
            复制周结
          </button>
          <button type="button" className="secondary" onClick={() => window.print()}>
            打印
          </button>
          {copied && <span className="muted">{copied}</span>}
        </p>
      </section>
    </>
  )
}
