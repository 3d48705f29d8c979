/* global navigator */
/**
 * The one script of the residents' pages (/public): it registers public-sw.js, which keeps the
 * pages a phone has opened so they open again with no signal. The pages need no script; without
 * it (or in a browser without service workers) they work exactly as before, online only.
 */
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/public-sw.js', { scope: '/public' }).catch(() => undefined)
}
