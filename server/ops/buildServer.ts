/** `npm run build:server`: bundles the relay into dist-server/ (see serverBundle.ts); `npm start` runs it. */
import { relative } from 'node:path'
import { runCli } from './cli.js'
import { buildServerBundle } from './serverBundle.js'

runCli(async () => {
  const started = performance.now()
  const entry = await buildServerBundle()
  process.stdout.write(`服务端已打包：${relative(process.cwd(), entry)}（用时 ${Math.round(performance.now() - started)} 毫秒）\n`)
})
