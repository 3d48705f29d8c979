/* global self, caches, fetch, URL, Response, Headers, TextDecoder, setTimeout */
/**
 * The residents' offline worker (DOMAIN.md story 10: the public board "works offline after first
 * load"). Registered by public-offline.js with scope /public; the cadres' app worker (sw.js)
 * leaves /public alone, and a device may have both.
 *
 * Rules:
 * - Only what the server lets any cache keep is kept: a 200 GET under /public whose
 *   Cache-Control has neither no-store nor private. A resident's own matter, its tracking code,
 *   the 评议 form and the print pages say `private, no-store`, so they never reach this cache.
 *   Pages (HTML) and images only, each at most 2 MB, the newest 60.
 * - Network first: a page that was kept is shown from here only when the network fails, answers
 *   with a server error, or has not answered within 4 s (a village's weak signal), and then with
 *   a line saying it is the copy saved at that time and may not be the newest.
 * - A page never opened on this phone, with no network: a short page saying so, listing the
 *   pages that are kept.
 * - The page that registered the worker is kept as soon as the worker is active, so the first
 *   load counts.
 */
const VERSION = 'cunwu-public-v1'
const MAX_ENTRIES = 60
const MAX_BYTES = 2 * 1024 * 1024
const WAIT_MS = 4000
const SAVED_AT = 'x-cunwu-saved-at'
const TITLE = 'x-cunwu-title'

const isPublic = (url) => url.origin === self.location.origin && (url.pathname === '/public' || url.pathname.startsWith('/public/'))

self.addEventListener('install', () => {
  void self.skipWaiting()
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('cunwu-public-') && key !== VERSION) await caches.delete(key)
      await self.clients.claim()
      // The pages open now were loaded before this worker: keep them too.
      const cache = await caches.open(VERSION)
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        const url = new URL(client.url)
        if (!isPublic(url)) continue
        try {
          await keep(cache, url.href, await fetch(url.href, { cache: 'no-cache' }))
        } catch {
          // No network now: the next load keeps it.
        }
      }
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || !isPublic(url)) return
  event.respondWith(networkFirst(request))
})

async function networkFirst(request) {
  const cache = await caches.open(VERSION)
  const network = fetch(request).then(async (response) => {
    await keep(cache, request.url, response.clone()).catch(() => undefined)
    return response
  })
  const saved = await cache.match(request.url)
  if (!saved) return network.catch(() => (request.mode === 'navigate' ? notSavedPage(cache) : Response.error()))
  const late = new Promise((resolve) => setTimeout(() => resolve(null), WAIT_MS))
  try {
    const response = await Promise.race([network, late])
    if (response && response.status < 500) return response
  } catch {
    // No network: the saved copy below.
  }
  return savedCopy(saved)
}

/** Whether a response may be kept: see the rules above. */
function keepable(response) {
  if (response.status !== 200 || response.type !== 'basic') return false
  const control = response.headers.get('cache-control') ?? ''
  if (/no-store|private/i.test(control)) return false
  const type = response.headers.get('content-type') ?? ''
  if (!type.startsWith('text/html') && !type.startsWith('image/')) return false
  const length = Number(response.headers.get('content-length') ?? 0)
  return length <= MAX_BYTES
}

async function keep(cache, url, response) {
  if (!keepable(response)) return
  const body = await response.arrayBuffer()
  if (body.byteLength > MAX_BYTES) return
  const headers = new Headers(response.headers)
  headers.set(SAVED_AT, new Date().toISOString())
  if ((headers.get('content-type') ?? '').startsWith('text/html')) {
    const title = /<title>([^<]*)<\/title>/.exec(new TextDecoder().decode(body))?.[1] ?? ''
    headers.set(TITLE, encodeURIComponent(unescape(title)))
  }
  await cache.put(url, new Response(body, { status: 200, headers }))
  // Oldest first (a page kept again moves to the end): drop past the limit.
  const keys = await cache.keys()
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) await cache.delete(old)
}

/** A saved page with the line that says what it is; a saved image as it was. */
async function savedCopy(saved) {
  if (!(saved.headers.get('content-type') ?? '').startsWith('text/html')) return saved
  const when = shanghaiTime(saved.headers.get(SAVED_AT))
  const line = `<p role="status" style="background:#fff4e5;border:1px solid #e0a040;border-radius:6px;padding:.4rem .6rem">当前没有网络：这是本机 ${when} 保存的内容，可能不是最新。</p>`
  const text = (await saved.text()).replace(/<body[^>]*>/, (body) => body + line)
  return new Response(text, { status: 200, headers: saved.headers })
}

async function notSavedPage(cache) {
  const pages = []
  for (const request of await cache.keys()) {
    const response = await cache.match(request)
    if (!response || !(response.headers.get('content-type') ?? '').startsWith('text/html')) continue
    const title = decodeURIComponent(response.headers.get(TITLE) ?? '') || new URL(request.url).pathname
    pages.push(`<li><a href="${escape(new URL(request.url).pathname)}">${escape(title)}</a>（${shanghaiTime(response.headers.get(SAVED_AT))} 保存）</li>`)
  }
  const list = pages.length ? `<p>本机保存过的页面：</p><ul>${pages.reverse().join('')}</ul>` : '<p>本机还没有保存过村务公开的页面。</p>'
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>没有网络</title>
<style>body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:42rem;padding:.75rem}a{color:#0b57d0}</style></head>
<body><h1>没有网络</h1><p>这一页还没有在这部手机上打开过，联网后打开一次，以后没有网络也能查看。</p>${list}</body></html>`
  return new Response(body, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
}

/** "12月3日 14:05" in Beijing time (no daylight saving), from an ISO time. */
function shanghaiTime(iso) {
  const ms = Date.parse(iso ?? '')
  if (Number.isNaN(ms)) return '早先'
  const d = new Date(ms + 8 * 3600 * 1000)
  const two = (n) => String(n).padStart(2, '0')
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
}

/** The title as text: the server escaped it for HTML (hono/html). */
function unescape(html) {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name])
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
}
