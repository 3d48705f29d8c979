/**
 * Where the shell can be: the village list (`/`), one village (`/v/<villageId>`), the admin
 * pages (`/users`, `/audit`), the account page (`/account`) and 同步详情 (`/sync`). Plain history API; the relay
 * serves index.html for every path, so a reload stays put.
 */
import { useCallback, useSyncExternalStore } from 'react'
import { ID_PATTERN } from '../../../shared/ids'

export type Route = { page: 'villages' } | { page: 'village'; villageId: string } | { page: 'users' } | { page: 'audit' } | { page: 'account' } | { page: 'sync' }

const FIXED_PAGES = { '/users': 'users', '/audit': 'audit', '/account': 'account', '/sync': 'sync' } as const

export function parseRoute(pathname: string): Route {
  const fixed = FIXED_PAGES[pathname.replace(/\/+$/, '') as keyof typeof FIXED_PAGES]
  if (fixed) return { page: fixed }
  const match = /^\/v\/([^/]+)\/?$/.exec(pathname)
  const villageId = match?.[1]
  return villageId && ID_PATTERN.test(villageId) ? { page: 'village', villageId } : { page: 'villages' }
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'village':
      return `/v/${route.villageId}`
    case 'villages':
      return '/'
    default:
      return `/${route.page}`
  }
}

const listeners = new Set<() => void>()
const subscribe = (onChange: () => void) => {
  listeners.add(onChange)
  window.addEventListener('popstate', onChange)
  return () => {
    listeners.delete(onChange)
    window.removeEventListener('popstate', onChange)
  }
}
const getPath = () => window.location.pathname

export function useRoute(): [Route, (route: Route) => void] {
  const path = useSyncExternalStore(subscribe, getPath, () => '/')
  const navigate = useCallback((route: Route) => {
    const next = routePath(route)
    if (next === window.location.pathname) return
    window.history.pushState(null, '', next)
    for (const listener of listeners) listener()
  }, [])
  return [parseRoute(path), navigate]
}
