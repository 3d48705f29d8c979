/**
 * 审计日志 (township admin): newest first, times in Beijing time, people, villages and docs by
 * name, actions in Chinese; filters by person, action, village, doc and dates; 校验 checks the
 * hash chain; 导出 writes the filtered log to .xlsx. 加载更多 for older pages.
 */
import { useEffect, useMemo, useState } from 'react'
import { AUDIT_ACTIONS, type AdminUser, type AuditAction, type AuditEntryView } from '../../../shared/api/accounts'
import type { Village } from '../../../shared/api/villages'
import { parseDocName } from '../../../shared/docNames'
import { exportAudit, verifyAudit, type AuditFilter } from '../api/audit'
import { errorText, type ApiContext } from '../api/http'
import { fetchUsers } from '../api/users'
import { fetchVillages } from '../api/villages'
import { useAuditLog } from '../hooks/useAuditLog'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { AUDIT_ACTION_LABELS, DOC_KIND_LABELS } from '../labels'
import { downloadBlob, XLSX_TYPE } from '../ledger/download'

/** Entries written by releases before the server wrote Chinese. */
const ACCESS_LABELS: Record<string, string> = { read: '只读', write: '可编辑' }

export function AuditScreen({ api }: { api: ApiContext }) {
  const [filter, setFilter] = useState<AuditFilter>({})
  const { entries, more, loading, error, loadMore } = useAuditLog(api, filter)
  const [users, setUsers] = useState<AdminUser[]>([])
  const [villages, setVillages] = useState<Village[]>([])
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    fetchUsers(api).then(setUsers, (e: unknown) => setStatus({ ok: false, text: errorText(e) }))
    fetchVillages(api).then(setVillages, (e: unknown) => setStatus({ ok: false, text: errorText(e) }))
  }, [api])
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.name])), [users])
  const villageNames = useMemo(() => new Map(villages.map((v) => [v.id, v.name])), [villages])
  const set = (patch: AuditFilter) => setFilter((f) => ({ ...f, ...patch }))

  const verify = async () => {
    try {
      const v = await verifyAudit(api)
      setStatus(
        v.intact
          ? { ok: true, text: `审计日志完整：已校验 ${v.checked} 条${v.legacy ? `（另有 ${v.legacy} 条旧版本记录未加校验）` : ''}` }
          : { ok: false, text: `审计日志被改动：第 ${v.brokenAt} 条起${v.reason === 'missing' ? '有记录缺失' : '内容被修改'}` },
      )
    } catch (e) {
      setStatus({ ok: false, text: errorText(e) })
    }
  }
  const download = async () => {
    try {
      downloadBlob(new Blob([await exportAudit(api, filter)], { type: XLSX_TYPE }), `审计日志-${filter.from ?? ''}${filter.to ? `至${filter.to}` : ''}.xlsx`)
    } catch (e) {
      setStatus({ ok: false, text: `导出失败：${errorText(e)}` })
    }
  }

  const docText = (e: AuditEntryView) => {
    const ref = e.docName ? parseDocName(e.docName) : null
    // Not a doc: a village (notice list, village created) or a user, by name where known.
    if (!ref) return e.target ? (villageNames.get(e.target) ?? names.get(e.target) ?? e.target) : ''
    return `${villageNames.get(ref.villageId) ?? ''} ${DOC_KIND_LABELS[ref.kind]}`.trim()
  }

  return (
    <main className="screen wide">
      <h1>审计日志</h1>
      <div className="filters wrap" data-testid="audit-filters">
        <FilterSelect label="人员" all="全部人员" value={filter.actorId} options={users.map((u) => [u.id, u.name])} onChange={(actorId) => set({ actorId })} testId="audit-filter-actor" />
        <FilterSelect
          label="操作"
          all="全部操作"
          value={filter.action}
          options={AUDIT_ACTIONS.map((a) => [a, AUDIT_ACTION_LABELS[a]])}
          onChange={(action) => set({ action: action as AuditAction | undefined })}
          testId="audit-filter-action"
        />
        <FilterSelect label="村" all="全部村" value={filter.villageId} options={villages.map((v) => [v.id, v.name])} onChange={(villageId) => set({ villageId })} testId="audit-filter-village" />
        <label>
          从 <input type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} data-testid="audit-filter-from" />
        </label>
        <label>
          到 <input type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} data-testid="audit-filter-to" />
        </label>
        <button type="button" className="secondary" onClick={() => void verify()} data-testid="audit-verify">
          校验完整性
        </button>
        <button type="button" className="secondary" onClick={() => void download()} data-testid="audit-export">
          导出 Excel
        </button>
      </div>
      {filter.docName && (
        <p className="muted" data-testid="audit-doc-filter">
          只看文档：{filter.docName}{' '}
          <button type="button" className="link" onClick={() => set({ docName: undefined })}>
            取消
          </button>
        </p>
      )}
      {status && (
        <p className={status.ok ? 'ok' : 'error'} role="status" data-testid="audit-status">
          {status.text}
        </p>
      )}
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
              <th>来源地址</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td>{formatShanghaiTime(e.at)}</td>
                <td>{e.actorName ?? (e.actorId ? (names.get(e.actorId) ?? '—') : '—')}</td>
                <td>{AUDIT_ACTION_LABELS[e.action]}</td>
                <td className="break">
                  {e.docName ? (
                    <button type="button" className="link" title="只看这个文档" onClick={() => set({ docName: e.docName ?? undefined })} data-testid="audit-doc">
                      {docText(e)}
                    </button>
                  ) : (
                    docText(e)
                  )}
                </td>
                <td className="break">{e.action === 'doc.open' ? (ACCESS_LABELS[e.detail ?? ''] ?? e.detail) : (e.detail ?? '')}</td>
                <td>{e.address ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 && !error && <p className="muted">没有符合条件的记录。</p>}
      {loading && <p className="muted">正在加载…</p>}
      {more && !loading && (
        <button type="button" className="secondary" onClick={loadMore} data-testid="audit-more">
          加载更多
        </button>
      )}
    </main>
  )
}

type FilterSelectProps = {
  label: string
  /** The first option, which clears the filter. */
  all: string
  value: string | undefined
  options: readonly (readonly [value: string, label: string])[]
  onChange(value: string | undefined): void
  testId: string
}

/** One filter: 全部… then the choices; choosing 全部… clears it. */
function FilterSelect({ label, all, value, options, onChange, testId }: FilterSelectProps) {
  return (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={testId}>
      <option value="">{all}</option>
      {options.map(([v, text]) => (
        <option key={v} value={v}>
          {text}
        </option>
      ))}
    </select>
  )
}
