/**
 * Reads the 四到 triggers (duties.ts) out of grid records: a 关爱帮扶 record of category 重病 (its
 * enrolment date is when the illness became known), an incident of category 自然灾害 (灾害), and any
 * other incident naming a household (思想异常). Runs where the grid docs are open — the village
 * side — and the result goes to the linked member as facts they may see (dates and household ids,
 * never the sensitive record itself).
 */
import type { LedgerRecord } from '../ledger/kind.js'
import type { LedgerTrigger } from './duties.js'

function str(values: Record<string, unknown>, key: string): string {
  const value = values[key]
  return typeof value === 'string' ? value : ''
}

function ids(values: Record<string, unknown>, key: string): string[] {
  const value = values[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function ledgerTriggers(records: readonly LedgerRecord[]): LedgerTrigger[] {
  const householdOf = new Map(records.filter((r) => r.kind === 'resident').map((r) => [r.id, str(r.values, 'householdId')]))
  const triggers: LedgerTrigger[] = []
  for (const record of records) {
    if (record.kind === 'careRecord' && str(record.values, 'category') === '重病') {
      const householdId = householdOf.get(str(record.values, 'residentId'))
      const date = str(record.values, 'enrolledAt') || record.createdAt.slice(0, 10)
      if (householdId) triggers.push({ kind: 'illness', householdId, date, sourceId: record.id })
    } else if (record.kind === 'incident') {
      const date = str(record.values, 'occurredAt')
      const named = ids(record.values, 'householdIds')
      if (!date) continue
      if (str(record.values, 'category') === '自然灾害') triggers.push({ kind: 'disaster', householdIds: named.length > 0 ? named : 'all', date, sourceId: record.id })
      else if (named.length > 0) triggers.push({ kind: 'incident', householdIds: named, date, sourceId: record.id })
    }
  }
  return triggers
}
