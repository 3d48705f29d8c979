/**
 * A minutes doc as a store: its content, canonical JSON and hash, and the server's stamps,
 * recomputed once per burst of updates, locally or from a peer. The hash is computed
 * asynchronously (WebCrypto); until it arrives `hash` is null. "Changed after finalisation" is
 * derived from it: latest stamp's hash ≠ current hash (finalStatus).
 */
import type * as Y from 'yjs'
import { canonicalJson } from '../../shared/canonicalJson'
import { readMinutes, sha256Hex, type MinutesContent } from '../../shared/minutes/canonical'
import { latestFinal, readConfirmations, unreadableStamps, type ConfirmStamp, type FinalStamp } from '../../shared/minutes/minutesDoc'
import type { Store } from './store'

export type MinutesState = {
  content: MinutesContent
  json: string
  /** null while the digest of `json` is being computed. */
  hash: string | null
  final: FinalStamp | null
  confirmations: ConfirmStamp[]
  /** Stamps another peer wrote that do not parse: kept in the doc, never counted (shown as a warning). */
  unreadableStamps: number
}

export type FinalStatus = 'draft' | 'final' | 'changed' | 'pending'

export function finalStatus(state: MinutesState): FinalStatus {
  if (!state.final) return 'draft'
  if (state.hash === null) return 'pending'
  return state.hash === state.final.hash ? 'final' : 'changed'
}

class MinutesView implements Store<MinutesState> {
  private state: MinutesState
  private readonly listeners = new Set<() => void>()
  private scheduled = false

  constructor(private readonly doc: Y.Doc) {
    this.state = { ...this.read(), hash: null }
    this.hash()
  }

  getSnapshot = (): MinutesState => this.state

  subscribe = (onChange: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.doc.on('update', this.onUpdate)
      this.refresh() // edits made while nobody listened
    }
    this.listeners.add(onChange)
    return () => {
      this.listeners.delete(onChange)
      if (this.listeners.size === 0) this.doc.off('update', this.onUpdate)
    }
  }

  private readonly onUpdate = () => {
    if (this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => {
      this.scheduled = false
      this.refresh()
    })
  }

  private read(): Omit<MinutesState, 'hash'> {
    const content = readMinutes(this.doc)
    return { content, json: canonicalJson(content), final: latestFinal(this.doc), confirmations: readConfirmations(this.doc), unreadableStamps: unreadableStamps(this.doc).length }
  }

  private refresh(): void {
    const next = this.read()
    const prev = this.state
    if (prev.json === next.json && sameStamp(prev.final, next.final) && prev.confirmations.length === next.confirmations.length && prev.unreadableStamps === next.unreadableStamps) return
    this.set({ ...next, hash: prev.json === next.json ? prev.hash : null })
    if (this.state.hash === null) this.hash()
  }

  private hash(): void {
    const json = this.state.json
    sha256Hex(json).then(
      (hash) => {
        if (this.state.json === json) this.set({ ...this.state, hash })
      },
      (error: unknown) => console.error('hashing the minutes failed', error),
    )
  }

  private set(state: MinutesState): void {
    this.state = state
    for (const listener of [...this.listeners]) listener()
  }
}

function sameStamp(a: FinalStamp | null, b: FinalStamp | null): boolean {
  return a?.version === b?.version && a?.hash === b?.hash
}

const views = new WeakMap<Y.Doc, MinutesView>()

export function minutesView(doc: Y.Doc): Store<MinutesState> {
  let view = views.get(doc)
  if (!view) {
    view = new MinutesView(doc)
    views.set(doc, view)
  }
  return view
}
