/**
 * Fields that identify a record and so may not repeat: a household's 户编号 is how import matches
 * households (importIndex.ts) and how cadres refer to them, so a second household with the same
 * number is refused at entry, not discovered later. Checked against every record of the kind the
 * device holds for the village (removed ones excluded), ignoring surrounding spaces.
 */
import type { LedgerRecord } from './kind.js'

export const UNIQUE_FIELDS: Partial<Record<string, readonly { key: string; label: string }[]>> = {
  household: [{ key: 'householdNo', label: '户编号' }],
}

/** Field → message for each unique field whose value another record already has. */
export function uniquenessErrors(
  kind: string,
  values: Record<string, unknown>,
  others: readonly LedgerRecord[],
  selfId: string | null,
  describe: (record: LedgerRecord) => string,
): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const field of UNIQUE_FIELDS[kind] ?? []) {
    const value = String(values[field.key] ?? '').trim()
    if (!value) continue
    const clash = others.find((r) => r.id !== selfId && String(r.values[field.key] ?? '').trim() === value)
    if (clash) errors[field.key] = `${field.label} ${value} 已被「${describe(clash)}」使用，请换一个`
  }
  return errors
}
