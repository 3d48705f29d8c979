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
  // SIGTERM (systemd stop, a deploy): refuse new work, commit and acknowledge what is queued,
  // close sockets with CLOSE.restarting, exit 0; if that hangs, exit 1 after SHUTDOWN_TIMEOUT_MS.
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    const started = performance.now()
    log.info('shutdown.start', { signal, connections: running.relay.connectionCount(), timeoutMs: config.shutdownTimeoutMs })
    setTimeout(() => {
      log.error('shutdown.timeout', { ms: config.shutdownTimeoutMs })
      process.exit(1)
    }, config.shutdownTimeoutMs).unref()
    running.close().then(
      () => {
        log.info('shutdown.done', { ms: Math.round(performance.now() - started) })
        process.exit(0)
      },
      (err: unknown) => {
        log.error('shutdown.failed', { error: errorMessage(err) })
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
} catch (err) {
  log.error('start.failed', { error: errorMessage(err) })
  process.exit(1)
}
