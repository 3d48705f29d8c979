/** Every record kind, in the order the ledger shows them. */
import type { KindDef } from '../kind.js'
import { dispute } from './dispute.js'
import { environment } from './environment.js'
import { household } from './household.js'
import { incident } from './incident.js'
import { organisation } from './organisation.js'
import { patrol } from './patrol.js'
import { place } from './place.js'
import { resident } from './resident.js'
import { careRecord, specialPerson } from './sensitive.js'
import { thing } from './thing.js'
import { visit } from './visit.js'

export const RECORD_KINDS = [household, resident, place, thing, organisation, visit, patrol, environment, dispute, incident, specialPerson, careRecord] as const

export type RecordKind = 'household' | 'resident' | 'place' | 'thing' | 'organisation' | 'visit' | 'patrol' | 'environment' | 'dispute' | 'incident' | 'specialPerson' | 'careRecord'

const BY_KIND = new Map<string, KindDef>(RECORD_KINDS.map((def) => [def.kind, def]))

export function kindDef(kind: string): KindDef | undefined {
  return BY_KIND.get(kind)
}

export function isRecordKind(kind: string): kind is RecordKind {
  return BY_KIND.has(kind)
}
