/**
 * Store facts, derive status (DESIGN.md): a workflow's state is the replay of its append-only
 * facts through a guard, in one total order — client time, then fact id — that every device
 * computes the same way after a merge. A fact the guard refuses in that order (two offline
 * cadres acted on the same step) is kept and reported as a conflict, never silently applied.
 */
import type { Fact } from '../kind.js'

export type Rejected = { fact: Fact; reason: string }

export type Replayed<S> = { state: S; applied: Fact[]; rejected: Rejected[] }

/** `step` returns the next state, or a reason (Chinese) the fact cannot apply now. */
export function replay<S>(facts: readonly Fact[], initial: S, step: (state: S, fact: Fact) => S | { reject: string }): Replayed<S> {
  let state = initial
  const applied: Fact[] = []
  const rejected: Rejected[] = []
  for (const fact of orderFacts(facts)) {
    const next = step(state, fact)
    if (isReject(next)) rejected.push({ fact, reason: next.reject })
    else {
      state = next
      applied.push(fact)
    }
  }
  return { state, applied, rejected }
}

export function orderFacts(facts: readonly Fact[]): Fact[] {
  return [...facts].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1))
}

function isReject(value: unknown): value is { reject: string } {
  return typeof value === 'object' && value !== null && 'reject' in value
}
