/**
 * Where 三包一联 assignments (linkage.ts assignmentSchema) live: the village's meta doc, under
 * `linkageAssignments`, one plain entry per assignment keyed by id. The meta doc because every
 * cadre and grid worker of the village reads it and an assignment names only members and ids
 * (a village, a grid, residents' ids — never a resident's facts). Set by village cadres; the
 * assignment is one person's decision, so last writer wins is fine.
 */
import type * as Y from 'yjs'
import { assignmentSchema, type Assignment } from './linkage.js'

const KEY = 'linkageAssignments'

export function setAssignment(meta: Y.Doc, assignment: Assignment): void {
  meta.getMap<unknown>(KEY).set(assignment.id, assignmentSchema.parse(assignment))
}

export function removeAssignment(meta: Y.Doc, id: string): void {
  meta.getMap<unknown>(KEY).delete(id)
}

/** Every readable assignment; one another app version wrote in a shape this one does not know is skipped. */
export function listAssignments(meta: Y.Doc): Assignment[] {
  const out: Assignment[] = []
  for (const value of meta.getMap<unknown>(KEY).values()) {
    const parsed = assignmentSchema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
  }
  return out.sort((a, b) => a.memberName.localeCompare(b.memberName, 'zh-CN'))
}
