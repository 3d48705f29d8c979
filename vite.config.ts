import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const RELAY = process.env.RELAY_URL ?? 'http://127.0.0.1:8787'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist', emptyOutDir: true },
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
