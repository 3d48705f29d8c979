/** The disclosure calendar on the cadre dashboard (shared/notices/calendar.ts): what is due, done or overdue. */
import { shanghaiDate } from '../../../shared/civilDate'
import { disclosureCalendar, type CalendarInput } from '../../../shared/notices/calendar'

export function DisclosureCalendar({ input }: { input: Omit<CalendarInput, 'today'> }) {
  const items = disclosureCalendar({ ...input, today: shanghaiDate() })
  return (
    <div className="card calendar" data-testid="disclosure-calendar">
      <h3>公开日程</h3>
      <ul className="plain">
        {items.map((item) => (
          <li key={item.key} className={item.overdue ? 'overdue' : item.done ? 'done' : 'due'} data-testid="calendar-item" data-overdue={item.overdue}>
            {item.label}：{item.done ? `已公开（${item.lastPublished}）` : item.overdue ? `已逾期（应于 ${item.due} 前公开）` : `应于 ${item.due} 前公开`}
          </li>
        ))}
      </ul>
    </div>
  )
}
