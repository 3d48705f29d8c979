/**
 * A record kind: its fields (fields.ts), where it lives, how sensitive it is (DOMAIN.md §5.3) and
 * which columns a table shows. Forms, tables, import and export are generated from this.
 */
import type { FieldDef } from './fields.js'

export type Sensitivity = 'P1' | 'P2' | 'P3'

/** A plain snapshot of one record: its stored fields plus bookkeeping. */
export type LedgerRecord = {
  id: string
  kind: string
  gridId: string
  values: Record<string, unknown>
  createdBy: string
  createdAt: string
  facts: Fact[]
}

/** One append-only fact (a workflow step, a mediation, an inspection) with who and when. */
export type Fact = { id: string; action: string; by: string; byName: string; at: string; note?: string; data?: Record<string, string | number | boolean> }

export type DerivedColumn = { key: string; label: string; value(record: LedgerRecord, today: string): string }

export type KindDef = {
  kind: string
  label: string
  /** The grid doc that holds it: `ledger` (P1/P2) or `sensitive` (P3). */
  doc: 'ledger' | 'sensitive'
  sensitivity: Sensitivity
  fields: readonly FieldDef[]
  /** Table columns, in order: field keys or derived column keys. */
  columns: readonly string[]
  derived?: readonly DerivedColumn[]
  /** The record's name in lists and links. */
  title(values: Record<string, unknown>): string
  /** Which workflow (facts → status) the kind has, if any. */
  workflow?: 'incident' | 'dispute' | 'hazard'
}

export function fieldOf(kind: KindDef, key: string): FieldDef | undefined {
  return kind.fields.find((field) => field.key === key)
}

export function text(values: Record<string, unknown>, key: string): string {
  const value = values[key]
  return typeof value === 'string' ? value : ''
}
