/** Doc history and restore (shared/api/history.ts); <docName> goes into the path unencoded, as on the websocket. */
import { historyResponseSchema, restoreResponseSchema, type HistoryEntry } from '../../../shared/api/history'
import { request, type ApiContext } from './http'

export async function fetchHistory(api: ApiContext, docName: string): Promise<HistoryEntry[]> {
  return (await request(api, `/api/history/${docName}`, historyResponseSchema)).entries
}

export async function restoreDoc(api: ApiContext, docName: string, at: string) {
  return request(api, `/api/history/${docName}/restore`, restoreResponseSchema, { method: 'POST', body: { at } })
}
