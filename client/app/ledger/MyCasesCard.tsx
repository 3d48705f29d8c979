/**
 * 我的案件: what the signed-in member carries (shared/ledger/myCases.ts), by deadline, with the
 * 责任单位 and 协办单位 where they were set; hidden when nothing. On the ledger home one village's;
 * on the township inbox every village's, each line with its village (DOMAIN.md story 7, 包案领导).
 */
import { RECORD_KINDS } from '../../../shared/ledger/kinds/index'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { myCases, myCasesAcross, type MyCase, type VillageCase, type VillageCases } from '../../../shared/ledger/myCases'
import type { LedgerData } from '../../../shared/ledger/stats'

type Member = { id: string; name: string }

export function MyCasesCard({ data, member, today, open }: { data: LedgerData; member: Member; today: string; open(record: LedgerRecord): void }) {
  const cases = myCases(data, member, today)
  if (cases.length === 0) return null
  return <CaseList title={`我的案件（${cases.length}）`} cases={cases} open={(c) => open(c.record)} testId="my-cases" />
}

export function MyCasesAcrossCard({ villages, member, today, open }: { villages: readonly VillageCases[]; member: Member; today: string; open(c: VillageCase): void }) {
  const cases = myCasesAcross(villages, member, today)
  if (cases.length === 0) return null
  return <CaseList title={`我的案件·各村（${cases.length}）`} cases={cases} open={open} testId="my-cases-across" />
}

function CaseList<C extends MyCase & { villageName?: string }>({ title, cases, open, testId }: { title: string; cases: readonly C[]; open(c: C): void; testId: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {cases.map((c) => {
          const def = RECORD_KINDS.find((k) => k.kind === c.record.kind)!
          return (
            <li key={c.record.id} data-testid="my-case">
              <button type="button" className="link" onClick={() => open(c)}>
                [{def.label}] {def.title(c.record.values)}
              </button>
              <span className="muted">
                {' '}
                {c.villageName && `${c.villageName}｜`}
                {c.role}｜{c.label}
                {c.deadline && `｜时限 ${c.deadline}`}
                {c.units.lead && `｜责任单位 ${c.units.lead}`}
                {c.units.co && `（协办：${c.units.co}）`}
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
