/**
 * Runs `fn` once the press under way, if any, has delivered its click. A form field's error,
 * shown as the field is left, inserts a line and pushes down what is below it; shown at once, it
 * moves the chip or button being pressed before the press's click lands there, and the press is
 * lost. A mouse leaves the field on mousedown, so its errors wait for the button to come up; a
 * finger's tap leaves it after touchend, in the same task as the tap's click, so its errors wait
 * for the next task. Found trying a fresh install: a 检查人 cleared, then a tap on 院落净, saved a
 * check with no failed item.
 */
let pressed = false
const waiting: (() => void)[] = []

function flush(): void {
  for (const fn of waiting.splice(0)) fn()
}

function release(): void {
  pressed = false
  if (waiting.length > 0) setTimeout(flush, 0)
}

// Listening from the module's first load, before any form shows: the first field a user leaves
// is left by a press that began before the field's handler ran.
if (typeof document !== 'undefined') {
  document.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'touch') pressed = true
  }, true)
  document.addEventListener('pointerup', release, true)
  document.addEventListener('pointercancel', release, true)
}

export function afterPress(fn: () => void): void {
  waiting.push(fn)
  if (!pressed) setTimeout(flush, 0)
}
