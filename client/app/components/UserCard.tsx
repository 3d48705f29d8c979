/**
 * One user in 用户管理: a summary line (phone masked), and when opened the editor: name, role,
 * 停用/启用, 重置密码, 强制下线, 解除锁定 (after repeated failed sign-ins) and the village memberships.
 */
import { useState } from 'react'
import { nameSchema, type AdminUser } from '../../../shared/api/accounts'
import { passwordSchema } from '../../../shared/api/auth'
import type { Village } from '../../../shared/api/villages'
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles'
import { errorText } from '../api/http'
import type { DocHandle, DocOpener } from '../hooks/useDoc'
import type { UserActions } from '../hooks/useUsers'
import { maskPhone } from '../labels'
import { MembershipEditor } from './MembershipEditor'

type Props = { user: AdminUser; villages: Village[]; engine: DocOpener<DocHandle> | null; actions: UserActions }

export function UserCard({ user, villages, engine, actions }: Props) {
  const [open, setOpen] = useState(false)
  return (
    <li className="card user" data-testid="user-row" data-user-id={user.id} data-phone={user.phone}>
      <button type="button" className="user-summary" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="user-toggle">
        <strong>{user.name}</strong>
        <span data-testid="user-phone">{open ? user.phone : maskPhone(user.phone)}</span>
        <span className="muted">{ROLE_LABELS[user.role]}</span>
        {user.disabled && <span className="pill offline">已停用</span>}
        {user.locked && (
          <span className="pill offline" data-testid="user-locked">
            已锁定
          </span>
        )}
      </button>
      {open && (
        <div className="user-editor">
          <ProfileEditor user={user} actions={actions} />
          {user.role !== 'township_admin' && <MembershipEditor user={user} villages={villages} engine={engine} actions={actions} />}
        </div>
      )}
    </li>
  )
}

function ProfileEditor({ user, actions }: { user: AdminUser; actions: UserActions }) {
  const [name, setName] = useState(user.name)
  const [role, setRole] = useState<Role>(user.role)
  const [password, setPassword] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true)
    setMessage(null)
    try {
      await action()
      setMessage({ ok: true, text: done })
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) })
    } finally {
      setBusy(false)
    }
  }
  const save = () => {
    const parsed = nameSchema.safeParse(name)
    if (!parsed.success) return setMessage({ ok: false, text: parsed.error.issues[0]?.message ?? '姓名不对' })
    void run(() => actions.update(user.id, { name: parsed.data, role }), '已保存')
  }
  const reset = () => {
    const parsed = passwordSchema.safeParse(password)
    if (!parsed.success) return setMessage({ ok: false, text: parsed.error.issues[0]?.message ?? '密码不对' })
    void run(async () => {
      await actions.resetPassword(user.id, parsed.data)
      setPassword('')
    }, '密码已重置，该用户需用新密码重新登录')
  }
  return (
    <div className="profile-editor">
      <div className="field">
        <label htmlFor={`name-${user.id}`}>姓名</label>
        <input id={`name-${user.id}`} value={name} maxLength={32} onChange={(e) => setName(e.target.value)} data-testid="user-name" />
      </div>
      <div className="field">
        <label htmlFor={`role-${user.id}`}>角色</label>
        <select id={`role-${user.id}`} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="actions wrap">
        <button type="button" className="danger" disabled={busy} onClick={save} data-testid="user-save">
          保存
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => actions.update(user.id, { disabled: !user.disabled }), user.disabled ? '已启用' : '已停用')} data-testid="user-disable">
          {user.disabled ? '启用' : '停用'}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => actions.revokeSessions(user.id), '已强制下线')} data-testid="user-revoke">
          强制下线
        </button>
        {user.locked && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => actions.unlock(user.id), '已解除锁定')} data-testid="user-unlock">
            解除锁定
          </button>
        )}
      </div>
      <div className="inline-form">
        <input type="password" placeholder="新密码（至少 8 位）" aria-label="新密码" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="user-new-password" />
        <button type="button" className="secondary" disabled={busy} onClick={reset} data-testid="user-reset-password">
          重置密码
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role="status" data-testid="user-message">
          {message.text}
        </p>
      )}
    </div>
  )
}
