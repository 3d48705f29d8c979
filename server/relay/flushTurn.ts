/**
 * One flush turn for every doc: docs that have something to commit register here, and all of
 * them flush in a single setImmediate callback. Their appends are therefore issued in the same
 * synchronous stretch, which lets the store put them in one transaction (store.sqlite.ts group commit)
 * without adding a second hop.
 */
const due = new Set<() => void>()
let scheduled = false

function runTurn(): void {
  scheduled = false
  const flushes = [...due]
  due.clear()
  for (const flush of flushes) flush()
}

export function onNextFlushTurn(flush: () => void): void {
  due.add(flush)
  if (scheduled) return
  scheduled = true
  setImmediate(runTurn)
}
