/**
 * This device's own settings as React state: 这是公用电脑 (read once, saved when changed), and
 * sign-outs made offline, sent to the relay at start and whenever the browser comes back online.
 */
import { useCallback, useEffect, useState } from 'react'
import { flushRevocations, isSharedDevice, setSharedDevice } from '../../sync/deviceSettings'

export function useSharedDevice(): [boolean, (shared: boolean) => void] {
  const [shared, setShared] = useState(false)
  useEffect(() => {
    let live = true
    isSharedDevice().then(
      (value) => live && setShared(value),
      (error: unknown) => console.error('reading the shared-device setting failed', error),
    )
    return () => {
      live = false
    }
  }, [])
  const change = useCallback((value: boolean) => {
    setShared(value)
    setSharedDevice(value).catch((error: unknown) => console.error('saving the shared-device setting failed', error))
  }, [])
  return [shared, change]
}

export function useRevocationFlush(): void {
  useEffect(() => {
    const flush = () => void flushRevocations().catch((error: unknown) => console.warn('sending queued sign-outs failed', error))
    flush()
    window.addEventListener('online', flush)
    return () => window.removeEventListener('online', flush)
  }, [])
}
