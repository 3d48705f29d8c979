/** Whether the relay still needs its first township admin (GET /api/setup); false when unknown. */
import { useCallback } from 'react'
import { fetchSetupNeeded } from '../api/account'
import { useAsync } from './useAsync'

export function useSetupNeeded(baseUrl: string, enabled: boolean): boolean | null {
  const load = useCallback(() => fetchSetupNeeded({ baseUrl, token: null }), [baseUrl])
  const { data, error } = useAsync(enabled ? load : null)
  if (!enabled) return false
  // Offline or an older relay: fall back to the login form rather than block the app.
  return error ? false : data
}
