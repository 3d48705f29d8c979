import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const RELAY = process.env.RELAY_URL ?? 'http://127.0.0.1:8787'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  // The manifest lists every built file, lazy chunks included; the service worker caches them
  // all at install so a section never opened before still opens with no signal.
  build: { outDir: '../dist', emptyOutDir: true, manifest: 'asset-manifest.json' },
  server: {
    proxy: {
      '/api': RELAY,
      '/ws': { target: RELAY.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration suites start relays on ephemeral ports; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
})
