/** 村庄概况: the village profile, each field bound to the meta doc's profile map. */
import { useMemo } from 'react'
import { docName } from '../../../shared/docNames'
import { PROFILE_FIELDS, PROFILE_LABELS, profileMap } from '../../../shared/metaDoc'
import { useDoc } from '../hooks/useDoc'
import { useStore } from '../hooks/useStore'
import { DocStatus } from './DocStatus'
import { ProfileField } from './ProfileField'
import type { SectionProps } from './sectionProps'

export function ProfileSection({ workspace, engine, villageId, issues }: SectionProps) {
  const name = docName({ kind: 'meta', villageId })
  const state = useDoc(engine, name)
  const map = useMemo(() => (state.status === 'ready' ? profileMap(state.handle.doc) : null), [state])
  const readOnly = !useStore(workspace.access).canWrite(name)

  return (
    <>
      <DocStatus state={state} issue={issues[name]} />
      {map && (
        <form className="card" data-testid="profile-form" onSubmit={(e) => e.preventDefault()}>
          {readOnly && (
            <p className="muted" data-testid="read-only">
              村庄概况由村两委维护，你可以查看，不能修改。
            </p>
          )}
          {PROFILE_FIELDS.map((field) => (
            <ProfileField key={field} map={map} field={field} label={PROFILE_LABELS[field]} multiline={field === 'note'} readOnly={readOnly} />
          ))}
          {!readOnly && <p className="muted hint">修改会自动保存在本机，联网后同步给其他人。</p>}
        </form>
      )}
    </>
  )
}
