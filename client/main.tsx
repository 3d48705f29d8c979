/** Entry point: mounts the shell against the relay on this page's own origin (Vite proxies it in dev). */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import './app/styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <App baseUrl={window.location.origin} />
  </StrictMode>,
)
