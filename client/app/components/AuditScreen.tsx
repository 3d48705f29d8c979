/** 审计日志 (township admin): newest first, times in Beijing time, 加载更多 for older pages. */
import type { ApiContext } from '../api/http'
import { useAuditLog } from '../hooks/useAuditLog'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { AUDIT_ACTION_LABELS } from '../labels'

export function AuditScreen({ api }: { api: ApiContext }) {
  const { entries, more, loading, error, loadMore } = useAuditLog(api)
  return (
    <main className="screen wide">
      <h1>审计日志</h1>
      {error && (
        <p className="error" role="alert" data-testid="audit-error">
          {error}
        </p>
      )}
      <div className="table-scroll">
        <table className="audit" data-testid="audit-table">
          <thead>
            <tr>
              <th>时间</th>
              <th>操作人</th>
              <th>操作</th>
              <th>对象</th>
              <th>详情</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td>{formatShanghaiTime(e.at)}</td>
                <td>{e.actorName ?? '—'}</td>
                <td>{AUDIT_ACTION_LABELS[e.action]}</td>
                <td className="break">{e.target ?? ''}</td>
                <td className="break">{e.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 && !error && <p className="muted">还没有记录。</p>}
      {loading && <p className="muted">正在加载…</p>}
      {more && !loading && (
        <button type="button" className="secondary" onClick={loadMore} data-testid="audit-more">
          加载更多
        </button>
      )}
    </main>
  )
}
