/** Reads this device's storage facts (client/sync/storageHealth.ts) for the 同步详情 page. */
import { useCallback } from 'react'
import { readStorageFacts, type StorageFacts } from '../../sync/storageHealth'
import { useAsync } from './useAsync'

export function useStorageHealth(): { facts: StorageFacts | null; error: string | null; reload(): void } {
  const load = useCallback(() => readStorageFacts(globalThis.navigator?.storage), [])
  const { data, error, reload } = useAsync(load)
  return { facts: data, error, reload }
}
