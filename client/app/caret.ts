/**
 * Where a caret should go when a field's text is replaced under it by someone else's edit.
 * The change is taken to be one contiguous replacement (common prefix and suffix kept): a caret
 * before it stays, a caret after it moves by the change in length, a caret inside it goes to the
 * end of the inserted text. Good enough for short profile fields edited by people, not by bots.
 */
export function adjustCaret(before: string, after: string, caret: number): number {
  const max = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < max && before[prefix] === after[prefix]) prefix++
  let suffix = 0
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++
  if (caret <= prefix) return caret
  if (caret >= before.length - suffix) return Math.min(after.length, caret + after.length - before.length)
  return after.length - suffix
}
