/**
 * Every demo record goes through the same validation as a form or an import (validate.ts), so
 * the demo data can never hold what the app would refuse; a generator bug fails loudly here.
 */
import type * as Y from 'yjs'
import type { Fact, KindDef } from '../../shared/ledger/kind.js'
import { appendFact, createRecord } from '../../shared/ledger/ledgerDoc.js'
import { validateRecord } from '../../shared/ledger/validate.js'

export type RecordContext = { today: string; at: string; actor?: { id: string; name: string } }

const SEEDER = { id: 'seed', name: '演示数据' }

export function addRecord(doc: Y.Doc, kind: KindDef, id: string, values: Record<string, unknown>, context: RecordContext): string {
  const result = validateRecord(kind, values, context.today)
  if (!result.ok) throw new Error(`demo ${kind.kind} is invalid: ${JSON.stringify(result.errors)}`)
  return createRecord(doc, kind, result.values, context.actor ?? SEEDER, context.at, id)
}

export function addFacts(doc: Y.Doc, kind: string, recordId: string, facts: readonly Omit<Fact, 'by' | 'byName'>[], by: string): void {
  for (const fact of facts) appendFact(doc, kind, recordId, { ...fact, by: 'seed', byName: by })
}
