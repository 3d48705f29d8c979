/**
 * A minutes doc as React state: its content, canonical JSON and hash, and the server's stamps,
 * recomputed (once per burst of updates) whenever the doc changes, locally or from a peer.
 * "Changed after finalisation" is derived here: latest stamp's hash ≠ current hash.
 */
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { canonicalJson, readMinutes, sha256Hex, type MinutesContent } from '../../../shared/minutes/canonical'
import { confirmationsArray, latestFinal, type ConfirmStamp, type FinalStamp } from '../../../shared/minutes/minutesDoc'

export type MinutesState = {
  content: MinutesContent
  json: string
  /** null while the digest of `json` is being computed. */
  hash: string | null
  final: FinalStamp | null
  confirmations: ConfirmStamp[]
}

export type FinalStatus = 'draft' | 'final' | 'changed' | 'pending'

export function finalStatus(state: MinutesState): FinalStatus {
  if (!state.final) return 'draft'
  if (state.hash === null) return 'pending'
  return state.hash === state.final.hash ? 'final' : 'changed'
}

function snapshot(doc: Y.Doc): Omit<MinutesState, 'hash'> {
  const content = readMinutes(doc)
  return { content, json: canonicalJson(content), final: latestFinal(doc), confirmations: confirmationsArray(doc).toArray() }
}

export function useMinutes(doc: Y.Doc): MinutesState {
  const [state, setState] = useState<MinutesState>(() => ({ ...snapshot(doc), hash: null }))
  useEffect(() => {
    let cancelled = false
    let scheduled = false
    const run = () => {
      scheduled = false
      if (cancelled) return
      const next = snapshot(doc)
      setState((prev) => ({ ...next, hash: prev.json === next.json ? prev.hash : null }))
      sha256Hex(next.json).then(
        (hash) => {
          if (!cancelled) setState((prev) => (prev.json === next.json ? { ...prev, hash } : prev))
        },
        (error: unknown) => console.error('hashing the minutes failed', error),
      )
    }
    const onUpdate = () => {
      if (scheduled) return
      scheduled = true
      queueMicrotask(run)
    }
    run()
    doc.on('update', onUpdate)
    return () => {
      cancelled = true
      doc.off('update', onUpdate)
    }
  }, [doc])
  return state
}
