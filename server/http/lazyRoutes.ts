/**
 * Route modules loaded on their first request. Reports, assessment, audit, the public boards
 * and the other pages' routes pull in most of shared/ (ledger kinds, workflows, 六联, report
 * figures): a relay that only syncs docs would hold all of it from its start (issue #21).
 *
 * `app.use('/api/reports/*', lazyRoutes('/api/reports', load, handleError))` answers as
 * `app.route('/api/reports', routes)` does: the routes see the same paths, the same request
 * (after the app's own middleware, body limits included) and the same node env; their errors go
 * through the same handler; and a path they don't route continues to the app's next handlers
 * (the JSON 404 of /api/*, the client's shell) and back out through the routes' middleware,
 * exactly as a mounted sub-app falls through.
 */
import { type Context, type ErrorHandler, Hono, type MiddlewareHandler } from 'hono'

/** How the loaded routes reach the app's next handlers for a path they don't route. */
const CONTINUE = Symbol('lazyRoutes.continue')
type ContinueEnv = { [CONTINUE]?: () => Promise<Response> }

// Sub-apps are typed by their own env (AppEnv, DocEnv); only their fetch is used here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Routes = Hono<any, any, any>

export function lazyRoutes(base: string, load: () => Promise<Routes>, handleError: ErrorHandler): MiddlewareHandler {
  let mounted: Promise<Hono> | null = null
  const mount = async () => {
    const app = new Hono()
    app.onError(handleError)
    // Unrouted here: the app's later handlers answer, inside the routes' own middleware, as for a mounted sub-app.
    app.notFound((c) => (c.env as ContinueEnv)[CONTINUE]?.() ?? c.text('404 Not Found', 404))
    app.route(base, await load())
    return app
  }
  return async function lazyRouted(c: Context, next) {
    mounted ??= mount().catch((err: unknown) => {
      // A failed import is retried by the next request rather than kept.
      mounted = null
      throw err
    })
    const routes = await mounted
    let continued = false
    const env: ContinueEnv = {
      ...(c.env as object),
      [CONTINUE]: async () => {
        continued = true
        await next()
        return c.res
      },
    }
    const res = await routes.fetch(c.req.raw, env)
    // Routed: the answer as a handler of this app gives it, with the headers its middleware prepared.
    if (!continued) return c.newResponse(res.body, res)
    // Answered by the app's later handlers, then changed on the way out by the routes' middleware.
    if (res !== c.res) c.res = res
  }
}
