/**
 * Wire rules of the Cunwu relay (one binary websocket frame = one message).
 *
 * Every frame starts with a varUint message type. Types 0–3 are the standard y-websocket
 * protocol (y-protocols sync, awareness, auth, query-awareness), so the stock `y-websocket`
 * client works unchanged. Type 64 is Cunwu's opt-in durability channel (see durable.ts); a
 * server never sends it to a connection that did not ask for it.
 *
 * Any other type, a frame that cannot be decoded, or a frame over the size limit closes that
 * connection with one of CLOSE below; nothing from such a frame is applied or stored.
 */

/**
 * The wire version: bump it whenever the bytes of any frame change (a new field, a new sub-type,
 * another encoding). test/shared/protocol.pin.test.ts pins every frame's bytes at this version,
 * so a change cannot slip through unnoticed.
 */
export const WIRE_VERSION = 1

export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  durable: 64,
} as const
export type MessageType = (typeof MESSAGE)[keyof typeof MESSAGE]

/** Sub-types of y-protocols sync messages (mirrors y-protocols/sync). */
export const SYNC = {
  step1: 0,
  step2: 1,
  update: 2,
} as const

/**
 * Close codes with their reasons, in one place. y-websocket ≥3 treats 4400–4499 as permanent
 * (it stops reconnecting and emits `closed`) and everything else as transient.
 */
export const CLOSE = {
  malformed: { code: 4400, reason: 'malformed message' },
  unauthorised: { code: 4401, reason: 'session expired or revoked' },
  forbidden: { code: 4403, reason: 'no access to this document' },
  tooLarge: { code: 4413, reason: 'message too large' },
  unknownMessage: { code: 4415, reason: 'unknown message type' },
  serverError: { code: 4500, reason: 'server error; retry later' },
  accessChanged: { code: 4503, reason: 'access changed; reconnect' },
  /** 1012 (Service Restart): the relay is stopping; it acknowledged what it committed. Reconnect. */
  restarting: { code: 1012, reason: 'server restarting, reconnect' },
} as const
export type CloseKind = keyof typeof CLOSE

export function isKnownMessageType(type: number): type is MessageType {
  return (Object.values(MESSAGE) as number[]).includes(type)
}
