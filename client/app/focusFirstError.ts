/**
 * After a failed save, the first problem is brought into view and focused, so a cadre on a phone
 * does not have to hunt for it above the "有 N 项需要修改" line. Runs on the next frame, after
 * React has rendered the errors. The first problem is the first invalid control in document
 * order, or the first error message (its field's control is focused, else the message itself).
 */
const PROBLEM = '[aria-invalid="true"], .error, [role="alert"]'
const CONTROL = 'input:not([type="hidden"]), select, textarea, button'

export function focusFirstError(root: HTMLElement | null): void {
  if (!root) return
  requestAnimationFrame(() => {
    const first = root.querySelector<HTMLElement>(PROBLEM)
    if (!first) return
    const target = first.matches(CONTROL) ? first : (first.closest('.field, fieldset')?.querySelector<HTMLElement>(CONTROL) ?? first)
    if (target === first && !first.matches(CONTROL)) first.tabIndex = -1
    target.scrollIntoView({ block: 'center' })
    target.focus({ preventScroll: true })
  })
}
