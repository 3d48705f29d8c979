/**
 * Device storage health: whether the browser may evict this device's copy of the documents, and
 * how full its storage is.
 *
 * Rules (from the Storage API, storage.spec.whatwg.org):
 * - Without persistent storage ("best-effort"), the browser may clear the origin's IndexedDB
 *   under storage pressure, and unsaved changes with it; the app asks for persistence on sign-in.
 * - Writes fail once usage reaches the quota, so past 80% the user is told to sync and free space;
 *   past 95% it is critical.
 * - Browsers without the API (or that report no quota) are not an error: the user is told the
 *   state is unknown.
 */

export const WARN_RATIO = 0.8
export const CRITICAL_RATIO = 0.95

/** persisted: true granted, false denied (best-effort), null the browser cannot say. */
export type StorageFacts = { usage?: number | undefined; quota?: number | undefined; persisted: boolean | null }

export type StorageLevel = 'ok' | 'warn' | 'critical'

export type StorageAssessment = { level: StorageLevel; message: string; ratio: number | null }

/** What the page needs from navigator.storage; every method optional, as browsers differ. */
export type StorageApi = {
  persist?: () => Promise<boolean>
  persisted?: () => Promise<boolean>
  estimate?: () => Promise<{ usage?: number; quota?: number }>
}

export function assessStorage(facts: StorageFacts): StorageAssessment {
  const { usage, quota, persisted } = facts
  const known = usage !== undefined && quota !== undefined && Number.isFinite(usage) && Number.isFinite(quota) && quota > 0
  const ratio = known ? usage / quota : null
  if (ratio !== null && ratio >= CRITICAL_RATIO) {
    return { level: 'critical', ratio, message: `本机存储空间几乎已满（已用 ${percent(ratio)}），新的更改可能无法保存。请立即联网同步，并清理设备空间。` }
  }
  if (ratio !== null && ratio > WARN_RATIO) {
    return { level: 'warn', ratio, message: `本机存储空间已用 ${percent(ratio)}，超过 80%。请尽快联网同步，并清理设备空间。` }
  }
  if (persisted === false) {
    return { level: 'warn', ratio, message: '浏览器未允许持久保存，空间紧张时可能清除本机数据。请经常联网同步。' }
  }
  if (persisted === null) {
    return { level: 'warn', ratio, message: '此浏览器不支持持久保存，空间紧张时可能清除本机数据。请经常联网同步。' }
  }
  if (ratio === null) return { level: 'ok', ratio, message: '本机数据已持久保存（无法读取存储空间用量）。' }
  return { level: 'ok', ratio, message: '本机数据已持久保存，存储空间充足。' }
}

/** Asks once for persistent storage; null when the browser has no such API. */
export async function requestPersistence(storage: StorageApi | undefined): Promise<boolean | null> {
  if (!storage?.persist) return null
  if (storage.persisted && (await storage.persisted())) return true
  return storage.persist()
}

/** Reads the facts assessStorage judges. */
export async function readStorageFacts(storage: StorageApi | undefined): Promise<StorageFacts> {
  const persisted = storage?.persisted ? await storage.persisted() : null
  const estimate = storage?.estimate ? await storage.estimate() : {}
  return { usage: estimate.usage, quota: estimate.quota, persisted }
}

/** 1536 → "1.5 KB"; for showing usage and quota. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '未知'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`
}
