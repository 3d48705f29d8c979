/**
 * Live views of Yjs docs as stores (store.ts): a value derived from one Y type, recomputed lazily
 * after any deep change of it (locally, from a peer or another tab). Derivations are pure, so
 * they may run any time. One view per (Y type, name), so every component reading the grids of a
 * meta doc shares one store and one observer; views go with their doc (WeakMap).
 */
import type * as Y from 'yjs'
import { decisionsMap, financeMonthly, listDecisions, settingsMap } from '../../shared/decisions/decisionsDoc'
import { villageRulesMap, villageSettingsMap } from '../../shared/settings/villageLayer'
import { listMeetings, meetingIndexMap } from '../../shared/meetingIndex'
import { gridsMap, listGrids } from '../../shared/metaDoc'
import type { Store } from './store'

/** Any Y type (a Y.Map of any value type fits). */
export type DeepObservable = { observeDeep(f: () => void): void; unobserveDeep(f: () => void): void }

class DeepView<T> implements Store<T> {
  private cached: { value: T } | null = null
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly type: DeepObservable,
    private readonly derive: () => T,
  ) {}

  getSnapshot = (): T => (this.cached ??= { value: this.derive() }).value

  subscribe = (onChange: () => void): (() => void) => {
    if (this.listeners.size === 0) this.type.observeDeep(this.onDeepChange)
    this.listeners.add(onChange)
    return () => {
      this.listeners.delete(onChange)
      if (this.listeners.size === 0) {
        this.type.unobserveDeep(this.onDeepChange)
        this.cached = null
      }
    }
  }

  private readonly onDeepChange = () => {
    this.cached = null
    for (const listener of [...this.listeners]) listener()
  }
}

const views = new WeakMap<object, Map<string, Store<unknown>>>()

/** The view named `name` of `type`; `derive` is used only when it is first made. */
export function deepView<T>(type: DeepObservable, name: string, derive: () => T): Store<T> {
  let byName = views.get(type)
  if (!byName) {
    byName = new Map()
    views.set(type, byName)
  }
  let view = byName.get(name) as Store<T> | undefined
  if (!view) {
    view = new DeepView(type, derive)
    byName.set(name, view)
  }
  return view
}

export const gridsView = (meta: Y.Doc) => deepView(gridsMap(meta), 'grids', () => listGrids(meta))
export const meetingIndexView = (meta: Y.Doc) => deepView(meetingIndexMap(meta), 'meetings', () => listMeetings(meta))
/** Changes to the village's own settings layer (shared/settings/villageLayer.ts): a new snapshot per change of each map. */
export const villageRulesVersionView = (meta: Y.Doc) => deepView(villageRulesMap(meta), 'villageRulesVersion', () => ({}))
export const villageSettingsVersionView = (meta: Y.Doc) => deepView(villageSettingsMap(meta), 'villageSettingsVersion', () => ({}))
export const decisionsView = (doc: Y.Doc) => deepView(decisionsMap(doc), 'decisions', () => listDecisions(doc))
export const financeMonthlyView = (doc: Y.Doc) => deepView(settingsMap(doc), 'financeMonthly', () => financeMonthly(doc))
/** One key of a Y.Map of strings ('' when unset). */
export const mapFieldView = (map: Y.Map<string>, key: string) => deepView(map, `field:${key}`, () => map.get(key) ?? '')
