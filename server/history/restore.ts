/**
 * A doc as of a time, and the forward update that brings a doc back to it, from the attributed
 * history (storage/types.ts HistoryRow). Rules: the history log is never rewritten; a restore is
 * a new update, computed as the undo of every change stored after the time, so it deletes what
 * was added since and re-inserts what was removed since, and merges like any other edit.
 */
import * as Y from 'yjs'
import type { HistoryRow } from '../storage/types.js'

const LATER = Symbol('after the restore time')

/** The doc's content as it was at `at` (ISO): every history row stored up to then. */
export function docAt(rows: readonly HistoryRow[], at: string): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  Y.transact(doc, () => {
    for (const r of rows) if (r.at <= at) Y.applyUpdate(doc, r.update)
  })
  return doc
}

/**
 * The update that makes `current` hold what the doc held at `at`, or null when nothing was stored
 * since. `current` must hold everything in `rows` (the relay's live copy, flushed).
 */
export function restoreUpdate(rows: readonly HistoryRow[], at: string, current: Y.Doc): Uint8Array | null {
  const later = rows.filter((r) => r.at > at)
  if (later.length === 0) return null
  const doc = docAt(rows, at)
  try {
    // The whole doc is in scope: its root types are untyped here (no observers fire for them),
    // so only a doc scope sees changes made directly under a root.
    const undo = new Y.UndoManager(doc, { trackedOrigins: new Set([LATER]), captureTimeout: Number.MAX_SAFE_INTEGER })
    for (const r of later) Y.applyUpdate(doc, r.update, LATER)
    while (undo.undoStack.length > 0) undo.undo()
    undo.destroy()
    return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(current))
  } finally {
    doc.destroy()
  }
}

