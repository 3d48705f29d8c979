/** `npm start`: the relay on its embedded defaults, configured from the environment. */
import { startRelay } from './app.js'
import { configFromEnv } from './config.js'
import { createLogger, errorMessage } from './log.js'

const config = configFromEnv(process.env)
const log = createLogger(config.logLevel)
try {
  const running = await startRelay(config, log)
  const shown = config.host === '0.0.0.0' ? `http://127.0.0.1:${running.port}` : running.url
  process.stdout.write(`Cunwu relay listening on ${shown} (data in ${config.dataDir})\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('stopping', { signal })
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('stop failed', { error: errorMessage(err) })
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
} catch (err) {
  log.error('failed to start', { error: errorMessage(err) })
  process.exit(1)
}
