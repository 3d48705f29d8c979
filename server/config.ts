/**
 * Relay configuration from the environment, read once at start. Every tunable has a default
 * that runs on a village office PC with nothing else installed (SQLite under ./data, one port).
 */
import * as z from 'zod'

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  STATIC_DIR: z.string().default('./dist'),
  ADMIN_PHONE: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_NAME: z.string().default('镇管理员'),
  /** Largest websocket message accepted; larger ones close the socket with 4413. */
  MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(32 * 1024 * 1024),
  /** A doc with no connections is unloaded after this long. */
  IDLE_UNLOAD_MS: z.coerce.number().int().nonnegative().default(30_000),
  /** Compact a doc's update log once this many rows or bytes were appended since the last time. */
  COMPACT_ROWS: z.coerce.number().int().positive().default(500),
  COMPACT_BYTES: z.coerce.number().int().positive().default(4 * 1024 * 1024),
  /** An update removing or overwriting more records than this is flagged to cadres and the township admin. */
  MASS_CHANGE_RECORDS: z.coerce.number().int().positive().default(50),
  SESSION_TTL_DAYS: z.coerce.number().positive().default(30),
  /** Set to store everything in PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: z.string().url().optional(),
  /** Set to fan updates and awareness out across several relays (pub/sub per doc). */
  REDIS_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Audit entries older than this many days are removed (daily); unset keeps them for ever. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  // History older than this many days keeps one row per author per day (history/coarsen.ts); 0 keeps every edit.
  HISTORY_DETAIL_DAYS: z.coerce.number().int().nonnegative().default(90),
  /** Proxies whose X-Forwarded-For is believed: `loopback` or a comma-separated address list. */
  TRUST_PROXY: z.string().optional(),
  /** The address residents reach, e.g. https://cunwu.example.gov.cn, for QR codes and printed links. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Scheduled backups (ops/scheduledBackups.ts): where, how often (`90s`, `30m`, `6h`, `1d`), how many kept. */
  BACKUP_DIR: z.string().optional(),
  BACKUP_EVERY: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 30m, 6h or 1d')
    .default('1d')
    .transform(durationMs),
  BACKUP_KEEP: z.coerce.number().int().positive().default(7),
  /** Bearer token for GET /metrics; without it /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Attachments (issue #19): largest file, and the most one village may hold, in bytes. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
  ATTACHMENT_VILLAGE_QUOTA_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024 * 1024),
  /** SIGTERM: the process exits within this bound even if a socket or the store hangs. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
})

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

function durationMs(text: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text) as unknown as [string, string, keyof typeof UNIT_MS]
  return Number(n) * UNIT_MS[unit]
}

export type RelayConfig = {
  port: number
  host: string
  dataDir: string
  staticDir: string | null
  adminPhone?: string
  adminPassword?: string
  adminName: string
  maxMessageBytes: number
  idleUnloadMs: number
  compactRows: number
  compactBytes: number
  massChangeRecords?: number
  sessionTtlMs: number
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  redisUrl?: string
  databaseUrl?: string
  trustProxy?: string
  publicUrl?: string
  auditRetentionDays?: number
  /** History older than this keeps one row per author per day; 0: never coarsened. */
  historyDetailDays: number
  /** Set: the relay writes a backup into this directory every backupEveryMs, keeping backupKeep. */
  backupDir?: string
  backupEveryMs: number
  backupKeep: number
  metricsToken?: string
  shutdownTimeoutMs: number
  attachmentMaxBytes: number
  attachmentVillageQuotaBytes: number
}

export function configFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`bad environment variable ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    staticDir: e.STATIC_DIR,
    adminPhone: e.ADMIN_PHONE,
    adminPassword: e.ADMIN_PASSWORD,
    adminName: e.ADMIN_NAME,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    idleUnloadMs: e.IDLE_UNLOAD_MS,
    compactRows: e.COMPACT_ROWS,
    compactBytes: e.COMPACT_BYTES,
    massChangeRecords: e.MASS_CHANGE_RECORDS,
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 3600 * 1000,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    historyDetailDays: e.HISTORY_DETAIL_DAYS,
    backupDir: e.BACKUP_DIR,
    backupEveryMs: e.BACKUP_EVERY,
    backupKeep: e.BACKUP_KEEP,
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    attachmentVillageQuotaBytes: e.ATTACHMENT_VILLAGE_QUOTA_BYTES,
  }
}

/** Defaults for tests and embedding; callers override what they need. */
export function defaultConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  return { ...configFromEnv({}), staticDir: null, logLevel: 'warn', ...overrides }
}
