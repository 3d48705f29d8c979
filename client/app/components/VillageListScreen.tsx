/** 村庄列表: the villages this user may open; a township admin can add one. */
import { useEffect, useState, type FormEvent } from 'react'
import { createVillageRequestSchema } from '../../../shared/api/villages'
import { ROLE_LABELS, type Role } from '../../../shared/roles'
import type { Workspace } from '../../workspace/workspace'
import { useStore } from '../hooks/useStore'
import { formatFileSize, type AttachmentUsage } from '../../../shared/api/attachments'
import { errorText } from '../api/http'

type Props = { workspace: Workspace; role: Role; onOpen(villageId: string): void }

export function VillageListScreen({ workspace, role, onOpen }: Props) {
  const { value: villages, error, loading } = useStore(workspace.villages)
  const memberships = useStore(workspace.memberships).value
  // The list is asked for afresh whenever it is opened (the cached copy shows meanwhile).
  useEffect(() => {
    if (workspace.villages.getSnapshot().loading) return // the workspace is loading it already
    void workspace.villages.reload()
    void workspace.memberships.reload()
  }, [workspace])
  const roleIn = (villageId: string) => memberships?.find((m) => m.villageId === villageId)?.role
  return (
    <main className="screen">
      <h1>村庄列表</h1>
      {error && (
        <p className="error" role="alert" data-testid="villages-error">
          {villages ? `${error}（显示的是上次获取的列表）` : error}
        </p>
      )}
      {villages === null && loading && <p className="muted">正在加载…</p>}
      {villages && villages.length === 0 && (
        <p className="muted" data-testid="villages-empty">
          {role === 'township_admin' ? '还没有村庄，请在下方新建。' : '您还没有加入任何村庄，请联系镇(街道)管理员。'}
        </p>
      )}
      {villages && villages.length > 0 && (
        <ul className="village-list" data-testid="village-list">
          {villages.map((v) => (
            <li key={v.id}>
              <button type="button" className="village-item" onClick={() => onOpen(v.id)} data-testid="village-item" data-village-id={v.id}>
                {v.name}
                {role !== 'township_admin' && roleIn(v.id) && (
                  <span className="muted village-role" data-testid="village-role">
                    {ROLE_LABELS[roleIn(v.id) ?? role]}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {role === 'township_admin' && <AttachmentStorage workspace={workspace} />}
      {role === 'township_admin' && <NewVillageForm onCreate={async (name) => onOpen((await workspace.createVillage(name)).id)} />}
    </main>
  )
}

/** 附件存储: each village's photos and scans on the relay, against the per-village limit. */
function AttachmentStorage({ workspace }: { workspace: Workspace }) {
  const [usage, setUsage] = useState<AttachmentUsage | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    workspace
      .attachmentUsage()
      .then((u) => live && setUsage(u))
      .catch((e: unknown) => live && setError(errorText(e, '无法读取附件存储情况')))
    return () => {
      live = false
    }
  }, [workspace])
  if (error) return <p className="muted">附件存储：{error}</p>
  if (!usage || usage.villages.length === 0) return null
  return (
    <section className="card" data-testid="attachment-usage">
      <h2>附件存储</h2>
      <p className="muted small">每村上限 {formatFileSize(usage.quota)}</p>
      <table className="usage-table">
        <thead>
          <tr>
            <th>村庄</th>
            <th>文件数</th>
            <th>已用</th>
            <th>占上限</th>
          </tr>
        </thead>
        <tbody>
          {usage.villages.map((v) => (
            <tr key={v.villageId} data-testid="attachment-usage-row">
              <td>{v.name}</td>
              <td>{v.files}</td>
              <td>{formatFileSize(v.bytes)}</td>
              <td>{((v.bytes / usage.quota) * 100).toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function NewVillageForm({ onCreate }: { onCreate(name: string): Promise<void> }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = createVillageRequestSchema.safeParse({ name })
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '村名不对')
      return
    }
    setError(null)
    setSubmitting(true)
    try {
      await onCreate(parsed.data.name)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setSubmitting(false)
    }
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate>
      <h2>新建村庄</h2>
      <div className="field">
        <label htmlFor="new-village-name">村名</label>
        <input id="new-village-name" data-testid="new-village-name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        {error && (
          <p className="error" role="alert" data-testid="new-village-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="primary" disabled={submitting} data-testid="new-village-submit">
        {submitting ? '正在创建…' : '新建村庄'}
      </button>
    </form>
  )
}
