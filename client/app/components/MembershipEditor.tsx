/**
 * One user's village memberships: each shown with role, grids and 敏感信息权限, editable and
 * removable; plus adding a village. Grids come from the village's meta doc (GridPicker).
 */
import { useState } from 'react'
import type { AdminUser, Membership, SetMembershipRequest } from '../../../shared/api/accounts'
import type { Village } from '../../../shared/api/villages'
import { ROLE_LABELS, ROLES } from '../../../shared/roles'
import { errorText } from '../api/http'
import type { DocHandle, DocOpener } from '../hooks/useDoc'
import type { UserActions } from '../hooks/useUsers'
import { GridPicker } from './GridPicker'

type VillageRole = SetMembershipRequest['role']
const VILLAGE_ROLES = ROLES.filter((r): r is VillageRole => r !== 'township_admin')

type Props = { user: AdminUser; villages: Village[]; engine: DocOpener<DocHandle> | null; actions: UserActions }

export function MembershipEditor({ user, villages, engine, actions }: Props) {
  const [adding, setAdding] = useState('')
  const free = villages.filter((v) => !user.memberships.some((m) => m.villageId === v.id))
  const draftOf = (villageId: string): Membership => ({
    villageId,
    villageName: villages.find((v) => v.id === villageId)?.name ?? villageId,
    // A new village membership starts as the role the account was made for (a 村两委成员 is not a 网格员).
    role: user.role === 'township_admin' ? 'village_cadre' : user.role,
    gridIds: [],
    sensitive: false,
  })
  return (
    <section className="memberships" data-testid="memberships">
      <h3>所属村庄</h3>
      {user.memberships.length === 0 && !adding && <p className="muted">还没有加入任何村庄。</p>}
      {user.memberships.map((m) => (
        <MembershipRow key={m.villageId} membership={m} engine={engine} onSave={(next) => actions.setMembership(user.id, m.villageId, next)} onRemove={() => actions.removeMembership(user.id, m.villageId)} />
      ))}
      {adding && (
        <MembershipRow
          key={`new-${adding}`}
          membership={draftOf(adding)}
          engine={engine}
          isNew
          onSave={async (next) => {
            await actions.setMembership(user.id, adding, next)
            setAdding('')
          }}
          onRemove={async () => setAdding('')}
        />
      )}
      {!adding && free.length > 0 && (
        <div className="inline-form">
          <select aria-label="加入村庄" value="" onChange={(e) => setAdding(e.target.value)} data-testid="membership-add">
            <option value="">＋ 加入村庄…</option>
            {free.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </section>
  )
}

type RowProps = {
  membership: Membership
  engine: DocOpener<DocHandle> | null
  isNew?: boolean
  onSave(m: SetMembershipRequest): Promise<void>
  onRemove(): Promise<void>
}

function MembershipRow({ membership, engine, isNew = false, onSave, onRemove }: RowProps) {
  const [role, setRole] = useState<VillageRole>(membership.role === 'township_admin' ? 'village_cadre' : membership.role)
  const [gridIds, setGridIds] = useState(membership.gridIds)
  const [sensitive, setSensitive] = useState(membership.sensitive)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="card membership" data-testid="membership" data-village-id={membership.villageId}>
      <h4>{membership.villageName}</h4>
      <label className="field">
        角色
        <select value={role} onChange={(e) => setRole(e.target.value as VillageRole)} data-testid="membership-role">
          {VILLAGE_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      {engine && <GridPicker engine={engine} villageId={membership.villageId} selected={gridIds} onChange={setGridIds} />}
      <label className="check">
        <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} data-testid="membership-sensitive" />
        敏感信息权限（可查看特殊人群、低保等记录）
      </label>
      {error && (
        <p className="error" role="alert" data-testid="membership-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(onRemove)} data-testid="membership-remove">
          {isNew ? '取消' : '移除'}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void run(() => onSave({ role, gridIds, sensitive }))} data-testid="membership-save">
          保存
        </button>
      </div>
    </div>
  )
}
