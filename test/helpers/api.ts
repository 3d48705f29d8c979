/**
 * Small typed HTTP calls for tests, against a running relay (its URL) or straight into its app
 * with `app.request` (no socket, no port) where the suite needs no websocket.
 */
export type ApiTarget = string | { request(path: string, init?: RequestInit): Response | Promise<Response> }

export function fetchFrom(target: ApiTarget, path: string, init?: RequestInit): Promise<Response> {
  return typeof target === 'string' ? fetch(`${target}${path}`, init) : Promise.resolve(target.request(path, init))
}

export async function api(url: ApiTarget, path: string, options: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetchFrom(url, path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  const json: unknown = text ? JSON.parse(text) : null
  return { status: res.status, json, headers: res.headers, text }
}
