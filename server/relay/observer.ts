/**
 * What the relay reports about its own work, for /metrics (ops/metrics.ts). Counts and
 * durations only: nothing here carries a doc name, a user or content.
 */
export type RelayObserver = {
  /** A novel update from a client was applied and queued for commit. */
  updateQueued(): void
  /** One append to storage took this long. */
  committed(seconds: number): void
  /** Durable acks went out this long after the batch's first update was queued. */
  acked(seconds: number, connections: number): void
  /** Frames sent to other connections of the doc (fan-out of an update). */
  fannedOut(frames: number): void
  compacted(bytes: number): void
}

export const NO_OBSERVER: RelayObserver = {
  updateQueued: () => undefined,
  committed: () => undefined,
  acked: () => undefined,
  fannedOut: () => undefined,
  compacted: () => undefined,
}
