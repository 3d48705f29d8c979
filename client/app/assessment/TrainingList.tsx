/** 四培 records as a list: date, kind, topic, hours, trainer or mentor, note; optionally withdrawable. */
import type { TrainingRecord } from '../../../shared/api/assessment'

type Props = { records: readonly TrainingRecord[]; onRemove?: (record: TrainingRecord) => void }

export function TrainingList({ records, onRemove }: Props) {
  if (records.length === 0) return <p className="muted" data-testid="training-empty">没有培训记录。</p>
  return (
    <ul className="training-list" data-testid="training-list">
      {records.map((r) => (
        <li key={r.id} data-testid="training-item">
          <strong>
            {r.date} {r.kind}
          </strong>{' '}
          {r.topic}，{r.hours} 学时{r.trainer ? `，${r.kind === '帮带培训' ? '带教人' : '授课人'}：${r.trainer}` : ''}
          {r.note && <span className="muted">（{r.note}）</span>}
          {onRemove && (
            <button type="button" className="link" onClick={() => onRemove(r)} data-testid="training-remove">
              撤回
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
