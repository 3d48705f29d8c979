/**
 * Where the shell can be: the village list (`/`), one village (`/v/<villageId>[/<section>/…]`), the admin
 * pages (`/users`, `/audit`, the township inbox `/inbox`, 镇级设置 `/settings`, 四培五考 `/assessment`), the account page (`/account`) and 同步详情 (`/sync`). Plain history API; the relay
 * serves index.html for every path, so a reload stays put.
 */
import { useCallback, useSyncExternalStore } from 'react'
import { ID_PATTERN } from '../../../shared/ids'

/** A village's sections; each section parses its own `rest` of the path (`/v/<id>/<section>/…`). */
export const VILLAGE_SECTIONS = ['profile', 'ledger', 'minutes', 'decisions', 'linkage', 'liulian', 'reports', 'settings'] as const
export type VillageSection = (typeof VILLAGE_SECTIONS)[number]

export type VillageRoute = { page: 'village'; villageId: string; section?: VillageSection; rest?: string[] }

export type Route = { page: 'villages' } | VillageRoute | { page: 'users' } | { page: 'audit' } | { page: 'account' } | { page: 'sync' } | { page: 'township' } | { page: 'campaigns' } | { page: 'inbox' } | { page: 'settings' } | { page: 'assessment' } | { page: 'history'; docName: string }

const FIXED_PAGES = { '/users': 'users', '/audit': 'audit', '/account': 'account', '/sync': 'sync', '/township': 'township', '/campaigns': 'campaigns', '/inbox': 'inbox', '/settings': 'settings', '/assessment': 'assessment' } as const

export function parseRoute(pathname: string): Route {
  const fixed = FIXED_PAGES[pathname.replace(/\/+$/, '') as keyof typeof FIXED_PAGES]
  if (fixed) return { page: fixed }
  // 修改记录 of one doc: /history/<docName>, the doc name as in the websocket path.
  const history = /^\/history\/(.+?)\/?$/.exec(pathname)?.[1]
  if (history) return { page: 'history', docName: history.split('/').map(decodeURIComponent).join('/') }
  const [villageId, section, ...rest] = /^\/v\/(.+?)\/?$/.exec(pathname)?.[1]?.split('/') ?? []
  if (!villageId || !ID_PATTERN.test(villageId)) return { page: 'villages' }
  if (section === undefined) return { page: 'village', villageId, section: 'profile', rest: [] }
  if (!(VILLAGE_SECTIONS as readonly string[]).includes(section)) return { page: 'village', villageId, section: 'profile', rest: [] }
  return { page: 'village', villageId, section: section as VillageSection, rest: rest.map(decodeURIComponent) }
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'village': {
      const section = route.section ?? 'profile'
      if (section === 'profile') return `/v/${route.villageId}`
      return ['', 'v', route.villageId, section, ...(route.rest ?? []).map(encodeURIComponent)].join('/')
    }
    case 'villages':
      return '/'
    case 'history':
      return `/history/${route.docName.split('/').map(encodeURIComponent).join('/')}`
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

/** Goes to a route without a reload; a section can link to another this way (an emergency to its incident). */
export function goTo(route: Route): void {
  const next = routePath(route)
  if (next === window.location.pathname) return
  window.history.pushState(null, '', next)
  for (const listener of listeners) listener()
  // A new page starts at its top, not at the scroll position of the page before.
  window.scrollTo(0, 0)
}

export function useRoute(): [Route, (route: Route) => void] {
  const path = useSyncExternalStore(subscribe, getPath, () => '/')
  const navigate = useCallback((route: Route) => goTo(route), [])
  return [parseRoute(path), navigate]
}
