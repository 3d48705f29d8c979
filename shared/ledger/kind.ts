/**
 * A ledger record kind, described through the one record description (shared/record.ts): its
 * fields (fields.ts), the grid doc it lives in and, for a kind with a workflow, its `_facts` log.
 * The ledger's extensions: how sensitive the kind is (DOMAIN.md §5.3), which columns a table
 * shows, derived columns, the record's title and which workflow derives its status. Forms,
 * tables, import and export are generated from this.
 */
import * as z from 'zod'
import type { Unreadable } from '../facts.js'
import type { RecordKind } from '../record.js'
import { describeField, type FieldDef, type TypedField } from './fields.js'

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

/** The key of a record's workflow log in its Y.Map (bookkeeping keys start with `_`). */
export const FACTS = '_facts'

/** A column computed from the record; `all` is every record of its kind the reader has (a 人居环境检查's result reads the household's later checks), when the caller has them. */
export type DerivedColumn = {
  key: string
  label: string
  value(record: LedgerRecord, today: string, all?: readonly LedgerRecord[]): string
  /** Exported as a number (an age, a sum of 元), so a spreadsheet can add it up. */
  numeric?: true
}

export type KindDef = RecordKind<FieldDef> & {
  /** The grid doc that holds it: `ledger` (P1/P2) or `sensitive` (P3); its records sit under the key `kind`. */
  doc: 'ledger' | 'sensitive'
  /** The workflow log, on kinds with a workflow only. */
  facts?: { readonly [FACTS]: typeof factSchema }
  sensitivity: Sensitivity
  /** Table columns, in order: field keys or derived column keys. */
  columns: readonly string[]
  derived?: readonly DerivedColumn[]
  /** The record's name in lists and links. */
  title(values: Record<string, unknown>): string
  /** Which workflow (facts → status) the kind has, if any. */
  workflow?: 'incident' | 'dispute' | 'hazard'
  /** Its records keep a `_facts` log without a workflow (a patrol's findings raised as records). */
  logged?: boolean
  /** What a new record's form starts with (editable): today's date, the user's own name. */
  newDefaults?(today: string, me: string): Record<string, unknown>
}

/** A kind as its file writes it: the fields typed, the rest follows from the kind. */
export type KindSpec = Omit<KindDef, 'root' | 'fields' | 'facts'> & { fields: readonly TypedField[] }

export function defineKind(spec: KindSpec): KindDef {
  return { ...spec, root: spec.kind, fields: spec.fields.map(describeField), ...(spec.workflow || spec.logged ? { facts: { [FACTS]: factSchema } } : {}) }
}

export function fieldOf(kind: KindDef, key: string): FieldDef | undefined {
  return kind.fields.find((field) => field.key === key)
}

export function text(values: Record<string, unknown>, key: string): string {
  const value = values[key]
  return typeof value === 'string' ? value : ''
}
