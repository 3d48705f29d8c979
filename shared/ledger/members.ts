/**
 * People are members, not text (issue #15). 包案领导, 责任人, 整改责任人 and 调解员 are stored as a
 * member's user id (a `member` field) with their name at the time beside it (the field's
 * `nameKey`), picked from the village roster (GET /api/villages/:id/members, cached on the device).
 * Records from before keep their free-text name and no id: they show that text and nothing is lost.
 *
 * The roster also says who has left: a reporter no longer listed (membership removed, account
 * disabled) may have their incident checked by another member (谁上报谁核查, workflows/incident.ts).
 * With no roster known yet (a device that never reached the relay) nobody counts as having left,
 * so a check by someone else stays a conflict rather than slipping through.
 */
import type { FieldDef } from './fields.js'
import type { KindDef } from './kind.js'
import { text } from './kind.js'
import type { Departed } from './workflows/incident.js'

export type RosterMember = { id: string; name: string; role: string }

export function departedFrom(roster: readonly RosterMember[] | null): Departed {
  if (roster === null) return new Set<string>()
  const present = new Set(roster.map((m) => m.id))
  return { has: (id) => id !== '' && !present.has(id) }
}

export type MemberField = Extract<FieldDef, { type: 'member' }>

export function memberFields(def: KindDef): MemberField[] {
  return def.fields.filter((f): f is MemberField => f.type === 'member')
}

/** The name fields a member field writes (the form shows the picker in their place). */
export function memberNameKeys(def: KindDef): ReadonlySet<string> {
  return new Set(memberFields(def).map((f) => f.nameKey))
}

/**
 * Whether a record's member field names this member: by id; a record from before (a name, no id)
 * by that name, so an old record still reaches the person it named.
 */
export function namesMember(values: Record<string, unknown>, idKey: string, nameKey: string, member: { id: string; name: string }): boolean {
  const id = text(values, idKey)
  if (id) return id === member.id
  const name = text(values, nameKey)
  return name !== '' && name === member.name
}

/** The values a pick writes: the id and the name at the time (both cleared when nobody is picked). */
export function memberPick(field: MemberField, member: RosterMember | null): Record<string, string> {
  return member ? { [field.key]: member.id, [field.nameKey]: member.name } : { [field.key]: '', [field.nameKey]: '' }
}
