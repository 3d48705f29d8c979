/**
 * 同步详情: per doc on this device, how many changes the server lacks and what the last
 * background sync did with it, and a way to its 修改记录 (who changed what, when; restore);
 * 立即同步; whether this device's storage is safe; and the records pinned for offline use, with a way
 * to free the space of files no pin holds.
 */
import { useMemo, useState } from 'react'
import { assessStorage, formatBytes } from '../../sync/storageHealth'
import { readDocTitles } from '../../workspace/docTitles'
import type { Workspace } from '../../workspace/workspace'
import { useAsync } from '../hooks/useAsync'
import { useStorageHealth } from '../hooks/useStorageHealth'
import { useStore } from '../hooks/useStore'
import type { SyncState } from '../hooks/useSyncState'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { DOC_RESULT_LABELS, docSyncRows } from '../syncRows'

type Props = { workspace: Workspace; state: SyncState; onOpenHistory(docName: string): void }

export function SyncScreen({ workspace, state, onOpenHistory }: Props) {
  const { engine } = workspace
  const villages = useStore(workspace.villages).value
  // Reread whenever a sync or a save may have added a doc or renamed a grid or meeting.
  const changed = `${state.lastSyncedAt ?? ''}:${state.unsaved}`
  const local = useAsync(
    useMemo(
      () => async () => {
        const names = await engine.localDocNames()
        return { names, titles: await readDocTitles(engine, names), changed }
      },
      [engine, changed],
    ),
  ).data
  const rows = docSyncRows(local?.names ?? [], state, new Map((villages ?? []).map((v) => [v.id, v.name])), local?.titles)
  const onSync = () => {
    engine.syncNow().catch((error: unknown) => console.error('立即同步 failed', error))
  }
  return (
    <main className="screen" data-testid="sync-screen">
      <h1>同步详情</h1>
      <section className="card">
        <p data-testid="sync-summary">
          {state.lastSyncedAt === null ? '这台设备还没有完成过同步。' : `上次同步：${formatShanghaiTime(new Date(state.lastSyncedAt).toISOString())}`}
          {state.lastSync && `（获取 ${state.lastSync.pulled.length} 份、上传 ${state.lastSync.pushed.length} 份）`}
        </p>
        {state.lastSyncError && (
          <p className="error" role="alert" data-testid="sync-error">
            {state.online ? '上次同步没有成功，稍后会自动重试。' : '当前离线，联网后会自动同步。'}
          </p>
        )}
        <button type="button" className="primary" onClick={onSync} disabled={state.syncing || state.authLost} data-testid="sync-now">
          {state.syncing ? '正在同步…' : '立即同步'}
        </button>
      </section>
      <div className="table-scroll">
        <table className="sync-docs" data-testid="sync-docs">
          <thead>
            <tr>
              <th className="col-village">村庄</th>
              <th>文档</th>
              <th>未保存</th>
              <th>上次结果</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-testid="sync-doc" data-doc={row.name} data-unsaved={row.unsaved} data-result={row.result}>
                <td className="col-village">{row.village}</td>
                <td>
                  <span className="village-inline muted small">{row.village}</span>
                  {row.label}
                </td>
                <td className={row.unsaved > 0 ? 'unsaved' : 'saved'}>{row.unsaved > 0 ? `${row.unsaved} 项` : '已保存'}</td>
                <td>{DOC_RESULT_LABELS[row.result]}</td>
                <td>
                  {row.result !== 'forbidden' && (
                    <button type="button" className="link" onClick={() => onOpenHistory(row.name)} data-testid="sync-doc-history">
                      修改记录
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p className="muted">这台设备上还没有文档。</p>}
      <StorageCard />
      <PinnedCard workspace={workspace} />
    </main>
  )
}

function StorageCard() {
  const { facts, error } = useStorageHealth()
  if (error) return <p className="error">无法读取本机存储信息：{error}</p>
  if (!facts) return null
  const health = assessStorage(facts)
  const persistence = facts.persisted === null ? '不支持' : facts.persisted ? '是' : '否'
  return (
    <section className="card" data-testid="storage-card" data-level={health.level} data-persisted={String(facts.persisted)}>
      <h2>本机存储</h2>
      <p>
        持久保存：<span data-testid="storage-persisted">{persistence}</span>；已用 {formatBytes(facts.usage)}，共 {formatBytes(facts.quota)}
        {health.ratio !== null && `（${Math.round(health.ratio * 100)}%）`}
      </p>
      <p className={health.level === 'ok' ? 'ok' : 'error'} role={health.level === 'ok' ? 'status' : 'alert'} data-testid="storage-message">
        {health.message}
      </p>
    </section>
  )
}

/** 离线保存的附件: pinned records with how many of their files are here; 清理 frees the rest. */
function PinnedCard({ workspace }: { workspace: Workspace }) {
  const { pins, keeping } = useStore(workspace.pins)
  const [cleared, setCleared] = useState<string | null>(null)
  const clear = () => {
    setCleared(null)
    workspace.pins
      .clearUnpinned()
      .then(({ files, bytes }) => setCleared(files === 0 ? '没有可清理的附件。' : `已清理 ${files} 个附件，释放 ${formatBytes(bytes)}；需要时会重新下载。`))
      .catch((error: unknown) => setCleared(`清理失败：${error instanceof Error ? error.message : String(error)}`))
  }
  return (
    <section className="card" data-testid="pinned-card">
      <h2>离线保存的附件</h2>
      {pins.length === 0 ? (
        <p className="muted">还没有离线保存的记录。在记录的“照片和附件”里点“离线保存”，它的附件会保存在本机，没有网络也能看。</p>
      ) : (
        <ul data-testid="pinned-list">
          {pins.map((p) => (
            <li key={p.key} data-testid="pinned-item">
              {p.label}：{p.files.length === 0 ? '暂无附件' : `${p.here}/${p.files.length} 个附件在本机`}
              {keeping && p.here < p.files.length ? '（正在下载…）' : ''}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">清理只删除已上传到服务器、且不属于离线保存记录的附件；以后查看时会重新下载。</p>
      <button type="button" className="secondary" onClick={clear} data-testid="clear-unpinned">
        清理未离线保存的附件
      </button>
      {cleared && (
        <p role="status" data-testid="clear-result">
          {cleared}
        </p>
      )}
    </section>
  )
}
