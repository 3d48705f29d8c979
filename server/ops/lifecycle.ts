/**
 * The relay's life: starting (store opening, migrations, first admin) → serving → stopping
 * (SIGTERM). `/api/health` answers 200 whenever the process answers at all ("alive");
 * `/api/ready` answers 200 only while serving, 503 while starting or stopping, so a load
 * balancer or systemd watchdog sends no new work to a relay that cannot take it.
 */
import { Hono, type MiddlewareHandler } from 'hono'

export type LifeState = 'starting' | 'serving' | 'stopping'

export class Lifecycle {
  constructor(public state: LifeState = 'starting') {}
}

const notServing = (state: LifeState) => (state === 'starting' ? '服务正在启动，请稍候再试' : '服务正在重启，请稍候再试')

export function readyRoute(lifecycle: Lifecycle) {
  return (c: Parameters<MiddlewareHandler>[0]) =>
    lifecycle.state === 'serving' ? c.json({ ready: true, state: lifecycle.state }) : c.json({ ready: false, state: lifecycle.state }, 503)
}

/** Paths answered in every state: liveness, readiness and metrics. */
const ALWAYS = new Set(['/api/health', '/api/ready', '/metrics'])

/** While stopping, new work (HTTP calls, websocket upgrades) gets 503 and is not started. */
export function refuseWhenStopping(lifecycle: Lifecycle): MiddlewareHandler {
  return async (c, next) => {
    if (lifecycle.state !== 'stopping' || ALWAYS.has(c.req.path)) return next()
    c.header('Connection', 'close')
    c.header('Retry-After', '5')
    return c.json({ error: notServing('stopping') }, 503)
  }
}

/** What the port answers while the store is still opening: alive, not ready, nothing else. */
export function startingApp(lifecycle: Lifecycle): Hono {
  return new Hono()
    .get('/api/health', (c) => c.json({ ok: true, state: lifecycle.state }))
    .get('/api/ready', readyRoute(lifecycle))
    .all('*', (c) => {
      c.header('Retry-After', '5')
      return c.json({ error: notServing('starting') }, 503)
    })
}
