/**
 * The one shape every live thing in the workspace has, so React reads all of them through
 * useSyncExternalStore: `subscribe` returns its unsubscribe, and `getSnapshot` returns the same
 * object until something visible changed.
 */
export type Store<T> = { subscribe(onChange: () => void): () => void; getSnapshot(): T }

/** A store holding one value, replaced with set(); listeners hear only real replacements. */
export class ValueStore<T> implements Store<T> {
  private readonly listeners = new Set<() => void>()

  constructor(private value: T) {}

  getSnapshot = (): T => this.value

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  set(value: T): void {
    if (Object.is(value, this.value)) return
    this.value = value
    for (const listener of [...this.listeners]) listener()
  }

  clear(): void {
    this.listeners.clear()
  }
}
