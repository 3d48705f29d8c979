/**
 * Default 办理时限 from the settings in force (issue #16 item 5, DOMAIN.md §4.5 「限时办结」,
 * 「限期整改」, 「调处时限」): a record whose own time limit field is empty gets one derived from its
 * own date plus the days set for its kind and category — an incident's 发现日期 by 事项类型, a
 * dispute's 排查日期 by 纠纷类别, a hazard's entry day by 隐患等级. Derived, never written: a later
 * change of the settings moves the default, while a time limit written on the record (or set by
 * 两委会商 or 交办) always wins. 0 days (the built-in default) sets none, as before.
 * Applied where ledger data is read for figures (the ledger home, the relay's township figures),
 * so overdue, 积案 and on-time counts agree on device and relay.
 */
import { addDays, isCivilDate, shanghaiDate } from '../civilDate.js'
import { text, type LedgerRecord } from '../ledger/kind.js'
import type { DeadlineDays } from './effective.js'

/** The record with its default time limit filled in, or the record itself when it has one or none applies. */
export function withDefaultDeadline(record: LedgerRecord, days: DeadlineDays): LedgerRecord {
  const fill = (field: string, from: string, n: number | undefined) =>
    text(record.values, field) === '' && n && isCivilDate(from) ? { ...record, values: { ...record.values, [field]: addDays(from, n) } } : record
  switch (record.kind) {
    case 'incident':
      return fill('deadline', text(record.values, 'occurredAt'), days.incident[text(record.values, 'workType')])
    case 'dispute':
      return fill('deadline', text(record.values, 'discoveredAt'), days.dispute[text(record.values, 'category')])
    case 'thing': {
      if (text(record.values, 'category') !== '安全隐患') return record
      const created = new Date(record.createdAt)
      return fill('planDeadline', Number.isNaN(created.getTime()) ? '' : shanghaiDate(created), days.hazard[text(record.values, 'severity') || '一般'])
    }
    default:
      return record
  }
}

/** Every incident, dispute and hazard of a data set with its default time limit (other kinds as they are). */
export function withDefaultDeadlines<T extends { incident: readonly LedgerRecord[]; dispute: readonly LedgerRecord[]; thing: readonly LedgerRecord[] }>(data: T, days: DeadlineDays): T {
  const map = (list: readonly LedgerRecord[]) => list.map((r) => withDefaultDeadline(r, days))
  return { ...data, incident: map(data.incident), dispute: map(data.dispute), thing: map(data.thing) }
}
