/**
 * 公益设施待检查 on the ledger home (F003§8 定期检查; shared/ledger/facilities.ts facilitiesDue):
 * with a 公益设施检查周期 set (镇级设置 / 村级设置), the facilities not yet inspected in the
 * current week, month … — longest without an inspection first, each a link to its page, where
 * 记录检查 takes it off the list. Nothing is shown when no period is set or there is no facility.
 */
import { facilitiesDue } from '../../../shared/ledger/facilities'
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { THIS_PERIOD } from '../../../shared/ledger/workflows/hazard'
import { CADENCE_LABELS, type CadencePeriod } from '../../../shared/settings/layer'

const SHOWN = 30

export function FacilityDueCard({ things, today, inspectEvery, open }: { things: readonly LedgerRecord[]; today: string; inspectEvery: CadencePeriod; open(record: LedgerRecord): void }) {
  const list = facilitiesDue(things, today, inspectEvery)
  if (list === null || inspectEvery === 'none' || list.facilities === 0) return null
  const period = THIS_PERIOD[inspectEvery]
  return (
    <section className="card" data-testid="facility-due">
      <h3>
        公益设施{period}待检查（{list.due.length} / {list.facilities} 处）
      </h3>
      {list.due.length === 0 ? (
        <p className="muted">{period}各处公益设施都已检查。</p>
      ) : (
        <ul>
          {list.due.slice(0, SHOWN).map(({ record, lastInspected }) => (
            <li key={record.id} data-testid="facility-due-item">
              <button type="button" className="link" onClick={() => open(record)}>
                {text(record.values, 'name')}
              </button>
              <span className="muted">
                {' '}
                {[text(record.values, 'location'), lastInspected ? `最近检查 ${lastInspected}` : '未检查过'].filter(Boolean).join('，')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.due.length > SHOWN && <p className="muted">还有 {list.due.length - SHOWN} 处未列出。</p>}
      <p className="muted small">
        {CADENCE_LABELS[inspectEvery]}至少检查一次（{period}至 {list.period.end}）。在设施页面「记录检查」后即从这里移去。
      </p>
    </section>
  )
}
