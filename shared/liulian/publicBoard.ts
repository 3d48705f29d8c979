/**
 * The 六联 wall board (seed 000: 「将社区网格分布图、“六联机制”制度、联动小组人员及工作情况、“六联机制”
 * 工作推进情况及时公示上墙」; DOMAIN.md §3.5). Two renderings of one set of rows:
 * - public (the web page anyone may open): a household shows only as its head's surname, 王*户;
 *   no other personal data — grid staff show as name and 职务 (gridStaff.ts; their published phones
 *   are on the 网格员公示 page), and a free-text staff line loses anything that looks like a phone;
 * - print (the A4 a cadre prints for the village wall): full names, made on the cadre's device
 *   from the ledger they may open.
 */
import { DOMAINS, DOMAIN_KEYS } from './domains.js'
import type { LiulianFigures } from './figures.js'
import type { GridBoard, GroupView } from './liulianDoc.js'
import type { TaskRow } from './campaign.js'
import { staffLine, type Staff } from './gridStaff.js'

export type BoardMode = 'public' | 'print'

export type BoardGrid = { name: string; bounds: string; staff: string }
export type BoardGroup = { name: string; households: number; leader: string; duty: string; next: string }
export type Board = { grids: BoardGrid[]; rules: { label: string; departments: string; duty: string }[]; groups: BoardGroup[]; figures: LiulianFigures; progress: { label: string; due: string; done: string | null }[] }

/** 王小明 → 王*户; nothing known → —. */
export function maskHousehold(headName: string | null | undefined): string {
  const name = headName?.trim() ?? ''
  return name === '' ? '—' : `${[...name][0]}*户`
}

function fullHousehold(headName: string | null | undefined): string {
  const name = headName?.trim() ?? ''
  return name === '' ? '—' : `${name}户`
}

/** Runs of 7 or more digits (with spaces or dashes) — phone numbers — never reach the public page. */
export function withoutPhones(text: string): string {
  return text
    .replace(/\+?\d[\d\s-]{5,}\d/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim()
}

export function boardRows(
  input: { grids: readonly { id: string; name: string }[]; gridBoards: ReadonlyMap<string, GridBoard>; gridStaff: ReadonlyMap<string, readonly Staff[]>; groups: readonly GroupView[]; headName: (householdId: string) => string | null; figures: LiulianFigures; progress: readonly TaskRow[] },
  mode: BoardMode,
): Board {
  const household = (id: string | null) => (id === null ? '—' : mode === 'public' ? maskHousehold(input.headName(id)) : fullHousehold(input.headName(id)))
  return {
    grids: input.grids.map((g) => {
      const b = input.gridBoards.get(g.id)
      const staff = staffLine(input.gridStaff.get(g.id), b?.staff ?? '')
      return { name: g.name, bounds: b?.bounds ?? '', staff: mode === 'public' ? withoutPhones(staff) : staff }
    }),
    rules: DOMAIN_KEYS.map((k) => ({ label: DOMAINS[k].label, departments: DOMAINS[k].departments.join('、'), duty: DOMAINS[k].duty })),
    groups: input.groups.map((g) => ({ name: g.name, households: g.members.length, leader: household(g.leaderMissing ? null : g.leaderHouseholdId), duty: household(g.duty.current), next: household(g.duty.next) })),
    figures: input.figures,
    progress: input.progress.map((r) => ({ label: r.task.label, due: r.due, done: r.done })),
  }
}
