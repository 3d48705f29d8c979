import { Hono } from 'hono'
import type { Services } from '../http/context.js'

export function healthRoutes({ relay }: Services) {
  return new Hono().get('/', (c) =>
    c.json({ ok: true, docsLoaded: relay.loadedDocs().length, connections: relay.connectionCount() }),
  )
}
