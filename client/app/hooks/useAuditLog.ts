/** 审计日志 pages for a filter: newest first; loadMore() asks for the page before the oldest entry shown. */
import { useCallback, useEffect, useState } from 'react'
import type { AuditEntryView } from '../../../shared/api/accounts'
import { AUDIT_PAGE_SIZE, fetchAuditPage, type AuditFilter } from '../api/audit'
import { errorText, type ApiContext } from '../api/http'

type State = { entries: AuditEntryView[]; more: boolean; loading: boolean; error: string | null }

export function useAuditLog(api: ApiContext, filter: AuditFilter) {
  const [state, setState] = useState<State>({ entries: [], more: false, loading: true, error: null })
  const key = JSON.stringify(filter)

  const fetchPage = useCallback(
    async (before: number | null) => {
      setState((s) => ({ ...s, loading: true }))
      try {
        const page = await fetchAuditPage(api, JSON.parse(key) as AuditFilter, before)
        setState((s) => ({
          entries: before === null ? page : [...s.entries, ...page],
          more: page.length === AUDIT_PAGE_SIZE,
          loading: false,
          error: null,
        }))
      } catch (error) {
        setState((s) => ({ ...s, loading: false, error: errorText(error) }))
      }
    },
    [api, key],
  )

  useEffect(() => {
    void fetchPage(null)
  }, [fetchPage])

  const last = state.entries.at(-1)
  const loadMore = useCallback(() => {
    if (last) void fetchPage(last.id)
  }, [fetchPage, last])
  const refresh = useCallback(() => void fetchPage(null), [fetchPage])
  return { ...state, loadMore, refresh }
}
