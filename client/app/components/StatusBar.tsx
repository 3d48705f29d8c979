/**
 * The always-visible sync line: connection, how many local changes the relay has not confirmed,
 * and when background sync last completed (Beijing time); it opens 同步详情.
 */
import type { SyncState } from '../hooks/useSyncState'
import { formatShanghaiClock } from '../../../shared/civilDate'

export function unsavedText(unsaved: number): string {
  return unsaved === 0 ? '已全部保存' : `${unsaved} 项更改尚未保存到服务器`
}

export function lastSyncText(state: Pick<SyncState, 'syncing' | 'lastSyncedAt'>): string {
  if (state.syncing) return '正在同步…'
  return state.lastSyncedAt === null ? '尚未同步' : `上次同步 ${formatShanghaiClock(state.lastSyncedAt)}`
}

/**
 * Docs the relay refused to this user. A refusal is not the network: it shows as 无权访问 beside
 * 在线/离线, never as 离线 (the engine does not count a refused doc's socket either).
 */
export function refusedText(state: Pick<SyncState, 'issues'>): string | null {
  const refused = Object.values(state.issues).filter((issue) => issue.kind === 'forbidden').length
  return refused === 0 ? null : refused === 1 ? '无权访问' : `${refused} 份文档无权访问`
}

export function StatusBar({ state, onOpenDetails }: { state: SyncState; onOpenDetails(): void }) {
  return (
    <footer className="status-bar" data-testid="status-bar" aria-live="polite">
      <span className={state.online ? 'pill online' : 'pill offline'} data-testid="status-online">
        {state.online ? '在线' : '离线'}
      </span>
      {refusedText(state) && (
        <span className="pill offline forbidden" data-testid="status-forbidden">
          {refusedText(state)}
        </span>
      )}
      <span className={state.unsaved === 0 ? 'saved' : 'unsaved'} data-testid="status-unsaved" data-unsaved={state.unsaved}>
        {unsavedText(state.unsaved)}
      </span>
      <span className="muted last-sync" data-testid="status-last-sync" data-synced-at={state.lastSyncedAt ?? ''}>
        {lastSyncText(state)}
      </span>
      <button type="button" className="link details" onClick={onOpenDetails} data-testid="status-details">
        同步详情
      </button>
    </footer>
  )
}
