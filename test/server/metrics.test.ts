/**
 * GET /metrics: Prometheus text (format 0.0.4) read by a strict parser written from the format's
 * rules, carrying the relay's numbers after real traffic, with no user, doc or village in any
 * label, and answered only to the METRICS_TOKEN bearer or to loopback clients.
 */
import { Hono } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMetrics, metricsHandler, routeFamily } from '../../server/ops/metrics.js'
import { connectClient, type TestClient } from '../helpers/provider.js'
import { ADMIN, startTestRelay, type TestRelay } from '../helpers/relay.js'
import { waitFor } from '../helpers/waitFor.js'

type Sample = { name: string; labels: Record<string, string>; value: number }
type Family = { type: string; help: string; samples: Sample[] }

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"\s*(,|$)/y

/** As Prometheus reads it (Go's strconv.ParseFloat): NaN and Inf in any case; prom-client writes "Nan". */
function parseValue(text: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity
  if (/^-inf$/i.test(text)) return -Infinity
  if (/^nan$/i.test(text)) return NaN
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad sample value ${text}`)
  return Number(text)
}

/** Strict: any line that is not HELP, TYPE or a well-formed sample of a declared family throws. */
function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline')
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${i + 1}: ${line}`
    if (line === '') continue
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line)
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string]
      if (!NAME.test(name)) throw new Error(`bad metric name, ${where}`)
      const family = families.get(name) ?? { type: '', help: '', samples: [] }
      if (kind === 'TYPE') {
        if (family.type || family.samples.length > 0) throw new Error(`TYPE repeated or after samples, ${where}`)
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type, ${where}`)
        family.type = rest
      } else family.help = rest
      families.set(name, family)
      continue
    }
    if (line.startsWith('#')) throw new Error(`unknown comment, ${where}`)
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)( -?\d+)?$/.exec(line)
    if (!m) throw new Error(`malformed sample, ${where}`)
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string]
    const labels: Record<string, string> = {}
    if (labelText) {
      const body = labelText.slice(1, -1)
      LABEL.lastIndex = 0
      while (LABEL.lastIndex < body.length) {
        const l = LABEL.exec(body)
        if (!l) throw new Error(`malformed labels, ${where}`)
        const [, key, value] = l as unknown as [string, string, string]
        if (key in labels) throw new Error(`repeated label ${key}, ${where}`)
        labels[key] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')
      }
    }
    const base = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
    const family = families.get(base)
    if (!family?.type) throw new Error(`sample of an undeclared family, ${where}`)
    if (base !== name && !['histogram', 'summary'].includes(family.type)) throw new Error(`suffix on a ${family.type}, ${where}`)
    family.samples.push({ name, labels, value: parseValue(valueText) })
  }
  for (const [name, family] of families) {
    if (family.type !== 'histogram') continue
    // One bucket series per label set (le aside), cumulative, ending at +Inf = _count.
    const key = (s: Sample) => JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== 'le'))
    const series = new Map<string, Sample[]>()
    for (const s of family.samples.filter((x) => x.name === `${name}_bucket`)) series.set(key(s), [...(series.get(key(s)) ?? []), s])
    for (const [labels, buckets] of series) {
      const count = family.samples.find((s) => s.name === `${name}_count` && key(s) === labels)
      if (buckets.at(-1)?.labels.le !== '+Inf' || buckets.at(-1)?.value !== count?.value) throw new Error(`${name}: +Inf bucket must equal _count`)
      buckets.reduce((prev, b) => {
        if (b.value < prev) throw new Error(`${name}: buckets must be cumulative`)
        return b.value
      }, 0)
    }
  }
  return families
}

const TOKEN = 'metrics-token-0123456789'
let relay: TestRelay
let tokenRelay: TestRelay
const clients: TestClient[] = []

beforeAll(async () => {
  // Small limits, so a few writes compact and a third wrong password is throttled.
  relay = await startTestRelay({ compactRows: 2, throttle: { maxPerPhoneAddress: 2 } })
  tokenRelay = await startTestRelay({ metricsToken: TOKEN })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await relay.close()
  await tokenRelay.close()
})

const value = (f: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
  f.get(name.replace(/_(bucket|sum|count)$/, ''))?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value

describe('GET /metrics', () => {
  it('parses as Prometheus text and carries the relay numbers after real traffic, without names in labels', async () => {
    const doc = `${relay.villageId}/meta`
    const writer = connectClient(relay.wsUrl, doc, relay.token, { durable: true })
    const reader = connectClient(relay.wsUrl, doc, relay.token)
    clients.push(writer, reader)
    await waitFor(() => writer.provider.synced && reader.provider.synced, 'clients synced')
    for (let i = 0; i < 5; i++) {
      writer.doc.getMap('m').set(`k${i}`, i)
      await waitFor(() => writer.allSaved(), 'write acknowledged')
    }
    await waitFor(() => reader.doc.getMap('m').size === 5, 'writes fanned out')
    expect((await fetch(`${relay.url}/api/history/${doc}`, { headers: { authorization: `Bearer ${relay.token}` } })).status).toBe(200)
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: ADMIN.phone, password: 'wrong-password-1' }) })
      expect(res.status).toBe(401)
    }
    const throttled = await fetch(`${relay.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: ADMIN.phone, password: 'wrong-password-1' }) })
    expect(throttled.status).toBe(429)

    const res = await fetch(`${relay.url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    const f = parsePrometheusText(text)
    expect(f.get('cunwu_docs_loaded')).toMatchObject({ type: 'gauge' })
    expect(value(f, 'cunwu_docs_loaded')).toBe(1)
    expect(value(f, 'cunwu_connections')).toBe(2)
    expect(value(f, 'cunwu_updates_total')).toBeGreaterThanOrEqual(1)
    expect(value(f, 'cunwu_fanout_frames_total')).toBeGreaterThanOrEqual(1)
    expect(f.get('cunwu_commit_seconds')?.type).toBe('histogram')
    expect(value(f, 'cunwu_commit_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(value(f, 'cunwu_durable_ack_seconds_count')).toBeGreaterThanOrEqual(1)
    await waitFor(async () => (value(parsePrometheusText(await (await fetch(`${relay.url}/metrics`)).text()), 'cunwu_compactions_total') ?? 0) >= 1, 'a compaction')
    const compacted = parsePrometheusText(await (await fetch(`${relay.url}/metrics`)).text())
    expect(compacted.get('cunwu_compactions_total')?.type).toBe('counter')
    expect(value(compacted, 'cunwu_compaction_bytes_total')).toBeGreaterThan(0)
    expect(value(f, 'cunwu_queue_depth', { queue: 'commit' })).toBe(0)
    expect(value(f, 'cunwu_queue_depth', { queue: 'send_bytes' })).toBeGreaterThanOrEqual(0)
    expect(value(f, 'cunwu_signin_failures_total')).toBe(2)
    expect(value(f, 'cunwu_signin_throttled_total')).toBe(1)
    expect(value(f, 'cunwu_http_requests_total', { family: 'auth', status: '401' })).toBe(2)
    expect(value(f, 'cunwu_http_requests_total', { family: 'auth', status: '429' })).toBe(1)
    expect(value(f, 'cunwu_http_requests_total', { family: 'ws', status: '101' })).toBe(2)
    expect(value(f, 'cunwu_http_requests_total', { family: 'history', status: '200' })).toBe(1)
    expect(value(f, 'process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(f.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge')

    const labelValues = [...f.values()].flatMap((family) => family.samples.flatMap((s) => Object.values(s.labels)))
    for (const secret of [relay.villageId, doc, 'meta', ADMIN.phone, '测试村']) {
      expect(labelValues.some((v) => v.includes(secret))).toBe(false)
    }
  })

  it('wants the METRICS_TOKEN bearer when one is set', async () => {
    expect((await fetch(`${tokenRelay.url}/metrics`)).status).toBe(401)
    expect((await fetch(`${tokenRelay.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401)
    const ok = await fetch(`${tokenRelay.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(ok.status).toBe(200)
    expect(parsePrometheusText(await ok.text()).has('cunwu_connections')).toBe(true)
  })

  it('without a token, answers loopback clients only', async () => {
    // app.request has no socket, so the caller is not on loopback.
    const app = new Hono().get('/metrics', metricsHandler(createMetrics(() => null), undefined))
    expect((await app.request('/metrics')).status).toBe(403)
  })

  it('has a family for every API sub-app the relay mounts', () => {
    const mounted = [...readFileSync(join(import.meta.dirname, '../../server/app.ts'), 'utf8').matchAll(/app\.(?:route|get)\('\/api\/(\w+)'/g)].map((m) => m[1] as string)
    expect(mounted).toContain('history')
    expect(mounted.filter((family) => routeFamily(`/api/${family}/x`) !== family)).toEqual([])
  })

  it('groups routes into fixed families, never ids', () => {
    expect(routeFamily('/api/notices/v123')).toBe('notices')
    expect(routeFamily('/api/something-new/x')).toBe('api_other')
    expect(routeFamily('/ws/v123/ledger/g1')).toBe('ws')
    expect(routeFamily('/public/v123/notices')).toBe('public')
    expect(routeFamily('/village/v123')).toBe('static')
  })

  it('the parser refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/undeclared/)
    expect(() => parsePrometheusText('# TYPE x gauge\nx{a="1",a="2"} 1\n')).toThrow(/repeated label/)
    expect(() => parsePrometheusText('# TYPE x gauge\nx one\n')).toThrow(/bad sample value/)
    expect(() => parsePrometheusText('# TYPE x gauge\nx 1')).toThrow(/newline/)
  })
})
