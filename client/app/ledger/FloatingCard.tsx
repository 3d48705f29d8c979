/**
 * 流动人口 on the ledger home (shared/ledger/floating.ts): how many are here and how many have no
 * 居住证 yet, and a month's 迁入 / 迁出 list — 「流動人員遷入遷出必報」 — each a link to the
 * resident. Shown only where the grid (or village) has floating residents or movements.
 */
import { useState } from 'react'
import { addDays, periodBounds } from '../../../shared/civilDate'
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { floatingNow, movements } from '../../../shared/ledger/floating'

export function FloatingCard({ residents, today, open }: { residents: readonly LedgerRecord[]; today: string; open(record: LedgerRecord): void }) {
  const [anchor, setAnchor] = useState(today)
  const { start, end } = periodBounds('month', anchor)
  const now = floatingNow(residents, today)
  const moved = movements(residents, start, end)
  if (now.present === 0 && moved.length === 0 && anchor === today) return null
  const running = end >= today
  const month = `${Number(start.slice(5, 7))}月`
  const arrived = moved.filter((m) => m.kind === 'arrived').length
  return (
    <section className="card" data-testid="floating-card">
      <h3>流动人口</h3>
      <p>
        在村 {now.present} 人
        {now.withoutPermit > 0 && <span className="warn">，其中 {now.withoutPermit} 人未办理（或未登记）居住证</span>}
      </p>
      <p className="period-pick">
        <strong data-testid="floating-month">
          {start.slice(0, 4)}年{month}迁入 {arrived} 人、迁出 {moved.length - arrived} 人
        </strong>
        <button type="button" data-testid="floating-prev" onClick={() => setAnchor(addDays(start, -1))}>
          上一月
        </button>
        {!running && (
          <button type="button" onClick={() => setAnchor(addDays(end, 1))}>
            下一月
          </button>
        )}
      </p>
      {moved.length > 0 && (
        <ul className="plain">
          {moved.map((m) => (
            <li key={`${m.resident.id}:${m.kind}`} data-testid="floating-movement">
              <span className={m.kind === 'arrived' ? 'pill online' : 'pill offline'}>{m.kind === 'arrived' ? '迁入' : '迁出'}</span> {m.date.slice(5)}{' '}
              <button type="button" className="link" onClick={() => open(m.resident)}>
                {text(m.resident.values, 'name')}
              </button>
              {m.kind === 'arrived' && text(m.resident.values, 'origin') && <span className="muted"> 来自{text(m.resident.values, 'origin')}</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">流动人员迁入迁出必报：请按月将名单报送派出所和镇综治中心。离开的人仍留在台账里，不再列入走访。</p>
    </section>
  )
}
