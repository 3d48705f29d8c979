/** A short list of related records on a record's page, each a link, with an optional inline add form. */
import { useState, type ReactNode } from 'react'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { recordStatus } from '../../../shared/ledger/status'
import { StatusBadge } from './RecordTable'

type Props = {
  title: string
  def: KindDef
  records: readonly LedgerRecord[]
  today: string
  detail?(record: LedgerRecord): string
  onOpen(record: LedgerRecord): void
  testId: string
  /** The add form, shown on demand. */
  addForm?(close: () => void): ReactNode
  addLabel?: string
}

export function RelatedList({ title, def, records, today, detail, onOpen, testId, addForm, addLabel }: Props) {
  const [adding, setAdding] = useState(false)
  return (
    <section className="card related" data-testid={testId}>
      <h3>
        {title}（{records.length}）
      </h3>
      {records.length === 0 && <p className="muted">暂无。</p>}
      <ul>
        {records.map((record) => {
          const status = recordStatus(def, record, today)
          return (
            <li key={record.id}>
              <button type="button" className="link" onClick={() => onOpen(record)}>
                {def.title(record.values)}
              </button>
              {detail && <span className="muted"> {detail(record)}</span>}
              {status && <StatusBadge label={status.label} overdue={status.overdue} conflicts={status.conflicts} />}
            </li>
          )
        })}
      </ul>
      {addForm && (adding ? addForm(() => setAdding(false)) : <button type="button" className="secondary" data-testid={`${testId}-add`} onClick={() => setAdding(true)}>{addLabel}</button>)}
    </section>
  )
}
