/** 我的案件: what the signed-in member carries (shared/ledger/myCases.ts), by deadline; hidden when nothing. */
import { RECORD_KINDS } from '../../../shared/ledger/kinds/index'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { myCases } from '../../../shared/ledger/myCases'
import type { LedgerData } from '../../../shared/ledger/stats'

export function MyCasesCard({ data, member, today, open }: { data: LedgerData; member: { id: string; name: string }; today: string; open(record: LedgerRecord): void }) {
  const cases = myCases(data, member, today)
  if (cases.length === 0) return null
  return (
    <section className="card" data-testid="my-cases">
      <h3>我的案件（{cases.length}）</h3>
      <ul>
        {cases.map((c) => {
          const def = RECORD_KINDS.find((k) => k.kind === c.record.kind)!
          return (
            <li key={c.record.id} data-testid="my-case">
              <button type="button" className="link" onClick={() => open(c.record)}>
                [{def.label}] {def.title(c.record.values)}
              </button>
              <span className="muted">
                {' '}
                {c.role}｜{c.label}
                {c.deadline && `｜时限 ${c.deadline}`}
              </span>
              {c.overdue && <span className="pill conflict">超期</span>}
              {c.backlog && <span className="pill conflict">积案</span>}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
