/**
 * 待受理 on the ledger home (shared/ledger/toAccept.ts): what came in — a resident's report, a
 * colleague's 事件, a matter sent up to 村 or back down — and nobody has taken on yet, oldest
 * first, each a link to the record where 受理 is. Shown to those who take matters on at that level
 * (a grid worker 网格, a village cadre 村 and 网格); hidden when nothing waits.
 */
import { useMemo } from 'react'
import { daysBetween, shanghaiDate } from '../../../shared/civilDate'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { RECORD_KINDS } from '../../../shared/ledger/kinds/index'
import type { LedgerData } from '../../../shared/ledger/stats'
import { waitingToAccept, WAITS_FOR } from '../../../shared/ledger/toAccept'
import type { LedgerContext } from './context'

const SHOWN = 10

export function ToAcceptCard({ ctx, data, open }: { ctx: LedgerContext; data: LedgerData; open(record: LedgerRecord): void }) {
  const { today } = ctx
  const levels = WAITS_FOR[ctx.membership?.role ?? ctx.user.role] ?? []
  const departed = ctx.roster.departed
  const waiting = useMemo(() => (levels.length === 0 ? [] : waitingToAccept(data, levels, today, departed)), [data, levels, today, departed])
  if (waiting.length === 0) return null
  const gridName = new Map(ctx.ledger.grids.map((g) => [g.id, g.name]))
  const showGrid = ctx.ledger.grids.length > 1
  return (
    <section className="card" data-testid="to-accept">
      <h3>待受理（{waiting.length}）</h3>
      <p className="muted small">新上报、上报到村或被退回，还没有人受理的。首问负责：打开后点“受理”。</p>
      <ul>
        {waiting.slice(0, SHOWN).map((w) => {
          const def = RECORD_KINDS.find((k) => k.kind === w.record.kind)!
          return (
            <li key={w.record.id} data-testid="to-accept-item">
              <button type="button" className="link" onClick={() => open(w.record)}>
                [{w.fromResident ? '群众反映' : def.label}] {def.title(w.record.values)}
              </button>
              <span className="muted">
                {' '}
                {w.level === '村' ? '村级｜' : ''}
                {w.label}｜{waited(w.since, today)}
                {showGrid && `｜${gridName.get(w.record.gridId) ?? ''}`}
              </span>
              {w.overdue && <span className="pill conflict">超期</span>}
            </li>
          )
        })}
      </ul>
      {waiting.length > SHOWN && <p className="muted small">还有 {waiting.length - SHOWN} 件，见事件和矛盾纠纷台账。</p>}
    </section>
  )
}

/** How long it has waited, in days of the Shanghai calendar. */
function waited(since: string, today: string): string {
  if (Number.isNaN(Date.parse(since))) return '时间不详'
  const days = daysBetween(shanghaiDate(new Date(since)), today)
  return days <= 0 ? '今天' : `已等 ${days} 天`
}
