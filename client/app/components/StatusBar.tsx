/** The always-visible sync line: connection, and how many local changes the relay has not confirmed. */
import type { SyncState } from '../hooks/useSyncState'

export function unsavedText(unsaved: number): string {
  return unsaved === 0 ? '已全部保存' : `${unsaved} 项更改尚未保存到服务器`
}

export function StatusBar({ state }: { state: SyncState }) {
  return (
    <footer className="status-bar" data-testid="status-bar" aria-live="polite">
      <span className={state.online ? 'pill online' : 'pill offline'} data-testid="status-online">
        {state.online ? '在线' : '离线'}
      </span>
      <span className={state.unsaved === 0 ? 'saved' : 'unsaved'} data-testid="status-unsaved" data-unsaved={state.unsaved}>
        {unsavedText(state.unsaved)}
      </span>
    </footer>
  )
}
