/** A fresh, isolated fake IndexedDB per call, in the shape the sync modules accept. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import type { IdbDeps } from '../../client/sync/db'

export function freshIdb(): Required<IdbDeps> {
  return { indexedDB: new IDBFactory(), IDBKeyRange }
}
