/**
 * The township admin's overview of 联网联户 across villages (issue #17 item 8): coverage and the
 * members with something overdue, counts only (server/routes/linkage.ts). Read from the relay, so
 * it needs the network; the village lists below it work offline.
 */
import { useCallback } from 'react'
import type { ApiContext } from '../api/http'
import { useAsync } from '../hooks/useAsync'
import { townshipOverview } from './api'

export function TownshipCard({ api }: { api: ApiContext }) {
  const load = useCallback(() => townshipOverview(api), [api])
  const state = useAsync(load)
  return (
    <section className="card" data-testid="township-linkage">
      <h2>全镇联网联户</h2>
      {state.loading && <p className="muted">正在读取…</p>}
      {state.error && <p className="muted">{state.error}（需要联网才能查看全镇情况）</p>}
      {state.data && (
        <div className="table-scroll">
          <table className="import-preview-table">
            <thead>
              <tr>
                <th>村</th>
                <th>已联系户</th>
                <th>未联系 老/少/困</th>
                <th>联系人</th>
                <th>有逾期</th>
              </tr>
            </thead>
            <tbody>
              {state.data.villages.map((v) => (
                <tr key={v.villageId}>
                  <td>{v.villageName}</td>
                  <td>
                    {v.linkedHouseholds}/{v.households}
                  </td>
                  <td>
                    {v.unlinkedPeople.一老}/{v.unlinkedPeople.一少}/{v.unlinkedPeople.一困}
                  </td>
                  <td>{v.members}</td>
                  <td>{v.membersOverdue > 0 ? `${v.membersOverdue}：${v.overdueMembers.join('、')}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
