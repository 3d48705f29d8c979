/**
 * How each server frames the y-protocols messages on the wire.
 *
 * Cunwu and the y-websocket reference speak the plain y-websocket protocol: one frame = one
 * message = [varUint type][body]. Hocuspocus prefixes every frame with the document name
 * ([varString docName][varUint type][body]) and wants an auth message before anything else.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const SERVER_KINDS = ['cunwu', 'yws', 'hocus', 'hocus4'] as const
export type ServerKind = (typeof SERVER_KINDS)[number]

export const SERVER_LABEL: Record<ServerKind, string> = {
  cunwu: 'cunwu',
  yws: 'y-websocket',
  hocus: 'hocuspocus 3',
  hocus4: 'hocuspocus 4',
}

export interface Dialect {
  readonly kind: ServerKind
  url(docName: string): string
  /** Frames to send right after the socket opens, before sync step 1. */
  hello(docName: string): Uint8Array[]
  /** Wraps a message (type + body) for the wire. */
  wrap(docName: string, message: Uint8Array): Uint8Array
  /** A decoder positioned at the message type of an incoming frame. */
  unwrap(frame: Uint8Array): decoding.Decoder
}

/** y-websocket wire format; the doc name is in the URL. */
export function plainDialect(kind: 'cunwu' | 'yws', base: string, token: string | null): Dialect {
  const query = token ? `?token=${encodeURIComponent(token)}` : ''
  return {
    kind,
    url: (docName) => `${base}${kind === 'cunwu' ? '/ws/' : '/'}${encodeDocPath(docName)}${query}`,
    hello: () => [],
    wrap: (_docName, message) => message,
    unwrap: (frame) => decoding.createDecoder(frame),
  }
}

/** Hocuspocus wire format (the same in 3.x and 4.x); one socket per document here (no multiplexing), like the others. */
export function hocusDialect(kind: 'hocus' | 'hocus4', base: string): Dialect {
  return {
    kind,
    url: () => base,
    hello: (docName) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarString(encoder, docName)
      encoding.writeVarUint(encoder, 2) // auth
      encoding.writeVarUint(encoder, 0) // token
      encoding.writeVarString(encoder, '')
      return [encoding.toUint8Array(encoder)]
    },
    wrap: (docName, message) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarString(encoder, docName)
      encoding.writeUint8Array(encoder, message)
      return encoding.toUint8Array(encoder)
    },
    unwrap: (frame) => {
      const decoder = decoding.createDecoder(frame)
      decoding.readVarString(decoder)
      return decoder
    },
  }
}

function encodeDocPath(docName: string): string {
  return docName.split('/').map(encodeURIComponent).join('/')
}
