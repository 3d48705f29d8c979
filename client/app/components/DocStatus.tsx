/** A doc's loading/error state and the relay's verdict on it (read-only, refused), shown the same way everywhere. */
import type { DocIssue } from '../../sync/engine'
import type { DocState } from '../hooks/useDoc'

/**
 * The relay is the judge of access: a doc is editable until it says read-only, and a refused doc
 * can't be edited either (its changes would never be saved).
 */
export function isReadOnly(issue: DocIssue | undefined): boolean {
  return issue?.kind === 'readOnly' || issue?.kind === 'forbidden'
}

export function DocStatus({ state, issue }: { state: DocState<unknown>; issue: DocIssue | undefined }) {
  return (
    <>
      {state.status === 'loading' && <p className="muted">正在打开…</p>}
      {state.status === 'error' && (
        <p className="error" role="alert" data-testid="doc-error">
          {state.message}
        </p>
      )}
      {issue && (
        <p className={issue.kind === 'readOnly' ? 'muted' : 'error'} role="alert" data-testid="doc-issue" data-kind={issue.kind}>
          {issue.message}
        </p>
      )}
    </>
  )
}
