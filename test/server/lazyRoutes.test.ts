/**
 * Routes loaded on first request (server/http/lazyRoutes.ts) answer as the same routes mounted
 * with app.route: same paths and params, the app's middleware around them, their errors through
 * the app's one error handler, their own middleware run, and a path they don't route falling
 * through to the app's later handlers; the module is loaded once, and again after a failed load.
 */
import { Hono, type ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { lazyRoutes } from '../../server/http/lazyRoutes.js'

const handleError: ErrorHandler = (err, c) =>
  err instanceof HTTPException ? c.json({ error: err.message }, err.status) : c.json({ error: 'internal' }, 500)

function subRoutes(): Hono {
  return new Hono()
    .use(async (c, next) => {
      await next()
      c.header('x-sub', 'ran')
    })
    // Not a bare c.text(x): that one skips Hono's headers and gets fetch's own 'text/plain;charset=UTF-8' (no route does).
    .get('/', (c) => c.html('root'))
    .get('/items/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }))
    .post('/echo', async (c) => c.json(await c.req.json()))
    .get('/boom', () => {
      throw new HTTPException(418, { message: '茶壶' })
    })
}

/** The same app twice: with `sub` mounted eagerly, and loaded on first request. */
function apps(load: () => Promise<Hono> = async () => subRoutes()) {
  const build = (mount: (app: Hono) => void) => {
    const app = new Hono()
    app.onError(handleError)
    app.use('*', async (c, next) => {
      c.header('x-outer', 'ran')
      await next()
    })
    mount(app)
    app.all('/api/*', (c) => c.json({ error: '没有这个接口' }, 404))
    app.get('/*', (c) => c.text('shell'))
    return app
  }
  return {
    eager: build((app) => app.route('/api/sub', subRoutes())),
    lazy: build((app) => app.use('/api/sub/*', lazyRoutes('/api/sub', load, handleError))),
  }
}

const REQUESTS: [string, RequestInit?][] = [
  ['/api/sub'],
  ['/api/sub/items/7?q=x'],
  ['/api/sub/echo', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } }],
  ['/api/sub/boom'],
  ['/api/sub/nothing'],
  ['/api/sub/items/7', { method: 'DELETE' }],
  ['/api/subway'],
]

describe('lazyRoutes', () => {
  it.each(REQUESTS)('%s answers as the mounted routes do', async (path, init) => {
    const { eager, lazy } = apps()
    const [a, b] = await Promise.all([eager.request(path, init), lazy.request(path, init)])
    const answer = async (r: Response) => ({ status: r.status, body: await r.text(), headers: Object.fromEntries(r.headers) })
    expect(await answer(b)).toEqual(await answer(a))
    expect(b.headers.get('x-outer')).toBe('ran')
  })

  it('falls through to the shell outside /api, as a mounted sub-app does', async () => {
    const app = new Hono()
    app.use('/public/*', lazyRoutes('/public', async () => new Hono().get('/', (c) => c.text('boards')), handleError))
    app.get('/*', (c) => c.text('shell'))
    expect(await (await app.request('/public')).text()).toBe('boards')
    expect(await (await app.request('/public/elsewhere')).text()).toBe('shell')
  })

  it('loads the module once for concurrent first requests, and retries a failed load', async () => {
    let loads = 0
    let fail = true
    const { lazy } = apps(async () => {
      loads++
      if (fail) throw new Error('import failed')
      return subRoutes()
    })
    expect((await lazy.request('/api/sub')).status).toBe(500)
    fail = false
    const answers = await Promise.all([lazy.request('/api/sub'), lazy.request('/api/sub/items/1'), lazy.request('/api/sub')])
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    expect(loads).toBe(2)
  })
})
