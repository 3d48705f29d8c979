/** 村庄概况: the village profile, each field bound to the meta doc's profile map. */
import { useMemo } from 'react'
import { docName } from '../../../shared/docNames'
import { PROFILE_FIELDS, PROFILE_LABELS, profileMap } from '../../../shared/metaDoc'
import type { DocIssue } from '../../sync/engine'
import { useDoc, type DocHandle, type DocOpener } from '../hooks/useDoc'
import { ProfileField } from './ProfileField'

type Props<H extends DocHandle> = { engine: DocOpener<H>; villageId: string; issues: Record<string, DocIssue>; onBack(): void }

export function VillageScreen<H extends DocHandle>({ engine, villageId, issues, onBack }: Props<H>) {
  const name = docName({ kind: 'meta', villageId })
  const state = useDoc(engine, name)
  const map = useMemo(() => (state.status === 'ready' ? profileMap(state.handle.doc) : null), [state])
  const issue = issues[name]
  // The relay is the judge of access: read-only until it says so, a refused doc can't be edited
  // either (its changes would never be saved).
  const readOnly = issue?.kind === 'readOnly' || issue?.kind === 'forbidden'

  return (
    <main className="screen">
      <button type="button" className="link back" onClick={onBack} data-testid="back">
        ‹ 村庄列表
      </button>
      <h1>
        村庄概况
        {readOnly && (
          <span className="pill offline read-only" data-testid="read-only">
            只读
          </span>
        )}
      </h1>
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
      {map && (
        <form className="card" data-testid="profile-form" onSubmit={(e) => e.preventDefault()}>
          {PROFILE_FIELDS.map((field) => (
            <ProfileField key={field} map={map} field={field} label={PROFILE_LABELS[field]} multiline={field === 'note'} readOnly={readOnly} />
          ))}
          {!readOnly && <p className="muted hint">修改会自动保存在本机，联网后同步给其他人。</p>}
        </form>
      )}
    </main>
  )
}
