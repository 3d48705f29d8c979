/**
 * Sign-out with 清除本机数据: removes this device's copy of one user's data (their IndexedDB and
 * cached village list). Refuses while anything is unsaved, rechecked here against IndexedDB, not
 * just the screen's count: those changes exist nowhere else.
 */
import { deleteUserDb, openUserDb } from '../sync/db'
import type { SyncEngine } from '../sync/engine'
import { clearVillageCache } from './hooks/useVillages'

export async function wipeDeviceData(engine: SyncEngine | null, userId: string): Promise<boolean> {
  const db = engine?.db ?? openUserDb(userId)
  const pending = await db.pending.count()
  // The engine holds the db open; close it first so nothing reopens it after the delete.
  if (engine) await engine.destroy()
  else db.close()
  if (pending > 0) return false
  await deleteUserDb(userId)
  clearVillageCache(userId)
  return true
}
