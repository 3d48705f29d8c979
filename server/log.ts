/**
 * One JSON object per line on stderr: `{"t", "level", "event", ...fields}` (journald or
 * logrotate take care of storage and rotation; see README "Reading the logs"). Privacy rule:
 * never log tokens, passwords or document content; callers pass ids and counts only.
 */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
export type LogLevel = keyof typeof LEVELS

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(level: LogLevel): Logger {
  const min = LEVELS[level]
  const write = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < min) return
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: lvl, event: msg, ...fields })}\n`)
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
