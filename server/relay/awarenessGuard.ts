/**
 * Presence belongs to the connection that introduced it. An awareness update is a list of
 * (clientID, clock, state) entries (y-protocols/awareness.js), and any connection could name
 * any clientID, overwriting someone else's caret and name. So the relay keeps, per doc, which
 * connection owns each awareness clientID, and drops entries a connection sends for an id it
 * does not own: owned by another connection here, or present from another relay (fan-out).
 * An id nobody holds becomes the sender's, and so does an id held by another connection of the
 * same user (a reconnect that arrives before the old socket's close). Ownership ends when the
 * connection closes.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

type Entry = { clientId: number; clock: number; state: string }

function readEntries(update: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) })
  }
  return entries
}

function writeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, e.state)
  }
  return encoding.toUint8Array(encoder)
}

export class AwarenessOwners<C> {
  private readonly owners = new Map<number, C>()

  constructor(private readonly sameUser: (a: C, b: C) => boolean) {}

  /**
   * The part of `update` that `conn` may apply (the whole update when it owns every entry), or
   * null when nothing is left. `present(id)` says whether some state for that id is live now.
   */
  filter(conn: C, update: Uint8Array, present: (clientId: number) => boolean): Uint8Array | null {
    const entries = readEntries(update)
    const allowed = entries.filter((e) => {
      const owner = this.owners.get(e.clientId)
      if (owner === conn) return true
      if (owner !== undefined ? !this.sameUser(owner, conn) : present(e.clientId)) return false
      this.owners.set(e.clientId, conn)
      return true
    })
    if (allowed.length === entries.length) return update
    return allowed.length === 0 ? null : writeEntries(allowed)
  }

  /** Releases every id the connection held. */
  release(conn: C): void {
    for (const [id, owner] of this.owners) if (owner === conn) this.owners.delete(id)
  }
}
