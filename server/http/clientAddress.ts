/**
 * The client's address, for throttling and the audit log. Behind a reverse proxy every request
 * comes from the proxy, so the real address is taken from X-Forwarded-For, but only when the
 * connection comes from a proxy named in TRUST_PROXY: anyone else can write that header.
 *
 * TRUST_PROXY is a comma-separated list of proxy addresses, or `loopback` for a proxy on the same
 * machine (nginx in the README). The address is the right-most X-Forwarded-For entry that is not
 * itself a trusted proxy (each proxy appends the address it saw).
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1']

export type TrustedProxies = ReadonlySet<string>

export function parseTrustProxy(value: string | undefined): TrustedProxies {
  const out = new Set<string>()
  for (const part of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part === 'loopback') LOOPBACK.forEach((a) => out.add(a))
    else out.add(part)
  }
  return out
}

/** The address a request came from, as far as the trusted proxies let us know. */
export function clientAddress(c: Context, trusted: TrustedProxies): string {
  let remote: string | undefined
  try {
    remote = getConnInfo(c).remote.address
  } catch {
    // app.request() in tests has no socket; its requests come from nowhere in particular.
    remote = undefined
  }
  return addressBehind(remote ?? 'unknown', c.req.header('x-forwarded-for'), trusted)
}

export function addressBehind(remote: string, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  if (!trusted.has(remote) || !forwardedFor) return remote
  const hops = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    if (!trusted.has(hop)) return hop
  }
  return hops[0] ?? remote
}
