/** Doc history and restore (shared/api/history.ts); <docName> goes into the path unencoded, as on the websocket. */
import * as Y from 'yjs'
import { fromBase64 } from '../../../shared/api/sync'
import { docAsOfResponseSchema, docAuthorsResponseSchema, historyResponseSchema, recordHistoryResponseSchema, restoreResponseSchema, type HistoryEntry, type RecordHistoryEntry } from '../../../shared/api/history'
import { request, type ApiContext } from './http'

export async function fetchHistory(api: ApiContext, docName: string): Promise<HistoryEntry[]> {
  return (await request(api, `/api/history/${docName}`, historyResponseSchema)).entries
}

/** One record's changes, field by field; `record` is `<root>:<key>` (e.g. `household:<id>`). */
export async function fetchRecordHistory(api: ApiContext, docName: string, record: string): Promise<RecordHistoryEntry[]> {
  return (await request(api, `/api/history/${docName}?record=${encodeURIComponent(record)}`, recordHistoryResponseSchema)).entries
}

/** Restores the whole doc, or only `record`, to what it was at `at`. */
export async function restoreDoc(api: ApiContext, docName: string, at: string, record?: string) {
  return request(api, `/api/history/${docName}/restore`, restoreResponseSchema, { method: 'POST', body: record ? { at, record } : { at } })
}

/** The doc as it was at `at`, in a Y.Doc of its own (read-only by convention: it is never synced). */
export async function fetchDocAsOf(api: ApiContext, docName: string, at: string): Promise<Y.Doc> {
  const { update } = await request(api, `/api/history/${docName}?asOf=${encodeURIComponent(at)}`, docAsOfResponseSchema)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, fromBase64(update))
  return doc
}

/** Which user's changes each Yjs client id of the doc carries: client id → user name. */
export async function fetchDocAuthors(api: ApiContext, docName: string): Promise<Map<number, string>> {
  const { authors } = await request(api, `/api/history/${docName}?authors=1`, docAuthorsResponseSchema)
  return new Map(authors.map((a) => [a.clientId, a.userName]))
}
