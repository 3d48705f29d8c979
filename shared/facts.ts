/**
 * Append-only facts of a record (DESIGN.md "Store facts, derive status"), one way for the grid
 * ledger's workflows, 四议两公开 steps and the server's minutes stamps: a Y.Array that is only
 * ever pushed to, each entry a plain object described by one zod schema.
 *
 * Rules:
 * - a fact is validated before it is appended (a bug here throws rather than writes);
 * - a fact is validated again when read, because another device (another app version, a bad
 *   peer) wrote it: one that does not parse is kept in the doc — the log is never rewritten —
 *   and returned apart as unreadable with the reason, never applied.
 */
import * as Y from 'yjs'
import type * as z from 'zod'

export type Unreadable = { raw: unknown; reason: string }
export type ReadFacts<T> = { facts: T[]; unreadable: Unreadable[] }

/** The facts array under `key` of a record's map, created on first append. */
export function factsArray(map: Y.Map<unknown>, key: string): Y.Array<unknown> {
  const existing = map.get(key)
  if (existing instanceof Y.Array) return existing
  const created = new Y.Array<unknown>()
  map.set(key, created)
  return created
}

/** Validates and appends one fact; returns it as stored. */
export function appendFact<S extends z.ZodType>(array: Y.Array<unknown>, schema: S, fact: z.input<S>): z.infer<S> {
  const valid = schema.parse(fact)
  array.push([valid])
  return valid
}

/** Every fact of `array` (anything not a Y.Array reads as none), split into readable and not. */
export function readFacts<S extends z.ZodType>(array: unknown, schema: S): ReadFacts<z.infer<S>> {
  const out: ReadFacts<z.infer<S>> = { facts: [], unreadable: [] }
  if (!(array instanceof Y.Array)) return out
  for (const raw of array.toArray()) {
    const parsed = schema.safeParse(raw)
    if (parsed.success) out.facts.push(parsed.data)
    else out.unreadable.push({ raw, reason: parsed.error.issues[0]?.message ?? '无法识别' })
  }
  return out
}
