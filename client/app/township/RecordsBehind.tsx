/**
 * The records behind one figure of the township dashboard: per grid, a link to each record in the
 * village ledger (the record page opens it for whoever may read that grid). The dashboard holds
 * ids only, so the links are numbered, not named; visits due also show which rule each falls under.
 */
import { useEffect, useRef } from 'react'
import type { FigureColumn } from './figureColumns'
import { KIND_NOUNS } from './figureColumns'

export type Drill = {
  title: string
  column: FigureColumn
  villageId: string
  grids: { gridId: string; name: string; ids: readonly string[]; byRule: readonly { ruleId: string; label: string; householdIds: readonly string[] }[] }[]
}

type Props = { drill: Drill; onClose(): void; onOpenRecord(villageId: string, kind: string, gridId: string, id: string): void }

export function RecordsBehind({ drill, onClose, onOpenRecord }: Props) {
  const noun = KIND_NOUNS[drill.column.kind]
  const total = drill.grids.reduce((n, g) => n + g.ids.length, 0)
  const ref = useRef<HTMLElement>(null)
  // The list opens below a long table: bring it into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' })
  }, [drill])
  return (
    <section ref={ref} className="card records-behind no-print" data-testid="records-behind" aria-live="polite">
      <h2>
        {drill.title}（{total}）
      </h2>
      {drill.grids
        .filter((g) => g.ids.length > 0)
        .map((g) => (
          <div key={g.gridId}>
            <h3>{g.name}</h3>
            {g.byRule
              .filter((r) => r.householdIds.length > 0)
              .map((r) => (
                <p key={r.ruleId} className="muted small">
                  {r.label}：{r.householdIds.length} 户
                </p>
              ))}
            <ul className="record-links">
              {g.ids.map((id, i) => (
                <li key={`${id}-${i}`}>
                  <button type="button" className="link" onClick={() => onOpenRecord(drill.villageId, drill.column.kind, g.gridId, id)} data-testid="records-behind-link">
                    {noun} {i + 1}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      <button type="button" className="secondary" onClick={onClose}>
        收起
      </button>
    </section>
  )
}
