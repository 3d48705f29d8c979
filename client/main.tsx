/** Entry point: mounts the shell against the relay on this page's own origin (Vite proxies it in dev). */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import './app/styles.css'
import './app/ui.css'
import { applyTextSize, storedTextSize } from './app/textSize'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
applyTextSize(storedTextSize(), false)

// The service worker (public/sw.js) caches the app shell so the app opens with no network. A new
// version replaces it on its own; IndexedDB (documents, unsaved changes, session) is left as is.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.error('registering the service worker failed', error))
}

createRoot(root).render(
  <StrictMode>
    <App baseUrl={window.location.origin} />
  </StrictMode>,
)
