/* global self, caches, fetch, URL, Response */
/**
 * Cunwu service worker: the app shell offline (DESIGN.md "Client").
 *
 * Rules:
 * - Install caches the shell: index.html, every built file under /assets/ — those it links and
 *   the lazily loaded sections, listed in Vite's /asset-manifest.json — the manifest and icons. A new worker installs into a
 *   new cache and deletes old ones once it activates.
 * - Page loads (navigations) go to the network first and fall back to the cached shell, so a
 *   cadre with no signal still opens the app; each online load refreshes that cached shell.
 *   /api/, /ws/ and the residents' pages under /public/ are never cached or answered here.
 * - Hashed /assets/ files are immutable: served from the cache, fetched and cached on a miss.
 * - Only app files live here. Documents, unsaved changes and the session are in IndexedDB, which
 *   an update of this worker never touches, so a new version loses no local data.
 */
const VERSION = 'cunwu-shell-v2'
const STATIC = ['/', '/manifest.webmanifest', '/zod-jitless.js', '/icon.svg', '/icon-192.png', '/icon-512.png']

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(VERSION)
      const shell = await fetch('/index.html', { cache: 'no-cache' })
      const html = await shell.clone().text()
      await cache.put('/index.html', shell)
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
      const manifest = await fetch('/asset-manifest.json', { cache: 'no-cache' })
      if (manifest.ok) {
        for (const entry of Object.values(await manifest.json())) {
          for (const file of [entry.file, ...(entry.css ?? []), ...(entry.assets ?? [])]) if (file) assets.push(`/${file}`)
        }
      }
      await cache.addAll([...new Set([...STATIC.filter((u) => u !== '/'), ...assets])])
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== VERSION) await caches.delete(key)
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  // /public/ is the residents' notice board, rendered by the server: never the app shell.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws/') || url.pathname.startsWith('/public/')) return
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request)
          // Keep the offline shell as new as the last page load that reached the relay.
          if (response.ok && response.headers.get('content-type')?.startsWith('text/html')) {
            const cache = await caches.open(VERSION)
            await cache.put('/index.html', response.clone())
          }
          return response
        } catch {
          return (await caches.match('/index.html')) ?? Response.error()
        }
      })(),
    )
    return
  }
  event.respondWith(
    (async () => {
      const cached = await caches.match(request)
      if (cached) return cached
      const response = await fetch(request)
      if (response.ok && url.pathname.startsWith('/assets/')) {
        const cache = await caches.open(VERSION)
        await cache.put(request, response.clone())
      }
      return response
    })(),
  )
})
