/**
 * The stock y-websocket client (WebsocketProvider, unmodified) in Node over `ws`, optionally
 * subscribed to durable acks through the provider's public messageHandlers table.
 */
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { encodeDurable, readDurable } from '../../shared/protocol/durable.js'
import { MESSAGE } from '../../shared/protocol/messages.js'

export type TestClient = {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Latest durable ack (server state vector) or an empty map. */
  acked: () => Map<number, number>
  /** True once the server has acknowledged every local change of this client's doc. */
  allSaved: () => boolean
  destroy(): void
}

export function connectClient(
  wsUrl: string,
  docName: string,
  token: string,
  options: { durable?: boolean; connect?: boolean; doc?: Y.Doc } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  })
  let acked = new Map<number, number>()
  if (options.durable) {
    provider.messageHandlers[MESSAGE.durable] = (_encoder, decoder: decoding.Decoder) => {
      const message = readDurable(decoder)
      if (message.kind === 'ack') acked = message.stateVector
    }
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') provider.ws?.send(encodeDurable({ kind: 'subscribe' }))
    })
  }
  return {
    doc,
    provider,
    acked: () => acked,
    allSaved: () => (acked.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}
