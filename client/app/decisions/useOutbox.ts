/**
 * The engine's outbox, one per signed-in engine for as long as it lives (not per component, so a
 * queued notice keeps going out after leaving the section), and its rows as React state.
 */
import { useEffect, useState } from 'react'
import type { OutboxRow } from '../../sync/db'
import type { SyncEngine } from '../../sync/engine'
import { Outbox } from '../../sync/outbox'
import type { ApiContext } from '../api/http'
import { noticeSender } from './noticesApi'

const outboxes = new WeakMap<SyncEngine, Outbox>()

export function outboxFor(engine: SyncEngine, api: ApiContext): Outbox {
  let outbox = outboxes.get(engine)
  if (!outbox) {
    outbox = new Outbox({ db: engine.db, send: noticeSender(api) })
    outbox.watchOnline(engine)
    outboxes.set(engine, outbox)
    // Whatever earlier sessions left queued goes out now.
    outbox.flush().catch((error: unknown) => console.error('outbox flush failed', error))
  }
  return outbox
}

export function useOutbox(engine: SyncEngine, api: ApiContext): { outbox: Outbox; rows: OutboxRow[] } {
  const outbox = outboxFor(engine, api)
  const [rows, setRows] = useState<OutboxRow[]>([])
  useEffect(() => outbox.subscribe(setRows), [outbox])
  return { outbox, rows }
}
