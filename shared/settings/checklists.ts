/**
 * Checklists a township or village keeps as its own (DOMAIN.md §6 story 13: 「check households'
 * 門前三包 against our village's checklist」; §9 question 4: 「門前三包 checklist」 is a local
 * definition). The built-in list is seed 003's six items of 门前三包 and 院内三净; a township's
 * 考评办法 may list others, and a village may keep its own (村级设置), like every other value:
 * village ?? township ?? built-in (effective.ts).
 *
 * A checklist is the options a record's tags field offers (`checklist` on the field, fields.ts):
 * `villageKind` gives a kind whose field offers the list in force. What is stored on a record is
 * its items as words, so a check made under an earlier list keeps what failed then, and a report
 * counts checks, never items.
 */
import * as z from 'zod'
import { ENVIRONMENT_ITEMS } from '../ledger/kinds/environment.js'
import { checklistItemSchema, ITEM_SEPARATORS, describeField } from '../ledger/fields.js'
import type { KindDef } from '../ledger/kind.js'

export const CHECKLISTS = {
  environment: {
    label: '人居环境检查项',
    /** What the list is checked against, for the form's hint when the list is not the built-in one (the village's or the township's). */
    hint: '对照本村适用的人居环境检查项逐项检查，都合格的不选',
    items: ENVIRONMENT_ITEMS,
  },
} as const
export type ChecklistName = keyof typeof CHECKLISTS
export const CHECKLIST_NAMES = Object.keys(CHECKLISTS) as ChecklistName[]

export const MAX_ITEMS = 20

/** A whole checklist as a layer sets it: 1 to 20 items, each once. */
export const checklistSchema = z
  .array(checklistItemSchema('检查项'))
  .min(1, '检查项至少要有一项')
  .max(MAX_ITEMS, `检查项不能超过 ${MAX_ITEMS} 项`)
  .refine((items) => new Set(items).size === items.length, '检查项不能重复')

/** Items as a cadre types them: one a line, or separated by 、，; blank lines and spaces around dropped. */
export function splitItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.split(ITEM_SEPARATORS))
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** The lists in force, by name (effective.ts checklistItems). */
export type Checklists = { readonly [N in ChecklistName]: readonly string[] }

const sameItems = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i])

/**
 * The kind as this village uses it: each checklist field offers the list in force (and, when it is
 * not the built-in one, a hint that says so). The kind itself when nothing changes, so a caller's
 * memo keeps its identity.
 */
export function villageKind(def: KindDef, lists: Checklists): KindDef {
  let changed = false
  const fields = def.fields.map((field) => {
    if (field.type !== 'tags' || !field.checklist) return field
    const items = lists[field.checklist]
    if (sameItems(items, field.options)) return field
    changed = true
    return describeField({ ...field, options: items, hint: CHECKLISTS[field.checklist].hint })
  })
  return changed ? { ...def, fields } : def
}
