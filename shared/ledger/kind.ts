/**
 * A record kind: its fields (fields.ts), where it lives, how sensitive it is (DOMAIN.md §5.3) and
 * which columns a table shows. Forms, tables, import and export are generated from this.
 */
import { z } from 'zod'
import type { Unreadable } from '../facts.js'
import type { FieldDef } from './fields.js'

export type Sensitivity = 'P1' | 'P2' | 'P3'

/** A plain snapshot of one record: its stored fields plus bookkeeping. */
export type LedgerRecord = {
  id: string
  kind: string
  gridId: string
  values: Record<string, unknown>
  createdBy: string
  /** The member who entered it (the reporter, for 谁上报谁核查); absent on records made before it was kept. */
  createdById?: string
  createdAt: string
  facts: Fact[]
  /** Facts another device wrote that do not parse: kept in the doc, never applied (shared/facts.ts). */
  unreadableFacts?: Unreadable[]
}

/** One append-only fact (a workflow step, a mediation, an inspection) with who and when. */
export const factSchema = z.object({
  id: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
  by: z.string().max(64),
  byName: z.string().max(64),
  at: z.string().min(1).max(40),
  note: z.string().max(2000).optional(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
})
export type Fact = z.infer<typeof factSchema>

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
