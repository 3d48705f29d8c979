/**
 * Keeps every doc that has unsaved changes open, so those changes reach the relay without the
 * person having to revisit the page they made them on (e.g. after signing in again). A doc is
 * released once its last pending change is acknowledged. A doc the relay refuses stays held:
 * its forbidden issue then stays in the engine's state, which is how the UI can say which
 * changes now exist only on this device.
 */
export type HeldDoc = { release(): void }

export class PendingDocs {
  private readonly held = new Map<string, Promise<HeldDoc | null>>()
  private closed = false

  constructor(private readonly open: (name: string) => Promise<HeldDoc>) {}

  /** Brings the held set in line with the latest per-doc unsaved counts. */
  update(perDoc: Record<string, number>): void {
    if (this.closed) return
    for (const [name, count] of Object.entries(perDoc)) {
      if (count > 0 && !this.held.has(name)) this.held.set(name, this.hold(name))
    }
    for (const name of [...this.held.keys()]) {
      if ((perDoc[name] ?? 0) === 0) this.drop(name)
    }
  }

  destroy(): void {
    this.closed = true
    for (const name of [...this.held.keys()]) this.drop(name)
  }

  private hold(name: string): Promise<HeldDoc | null> {
    return this.open(name).catch((error: unknown) => {
      console.warn(`keeping ${name} open for its unsaved changes failed`, error)
      return null
    })
  }

  private drop(name: string): void {
    const held = this.held.get(name)
    this.held.delete(name)
    held
      ?.then((doc) => doc?.release())
      .catch((error: unknown) => console.error(`releasing ${name} failed`, error))
  }
}
