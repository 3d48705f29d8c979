/** 用户管理 (township admin): every account, a form to add one, and each one's editor. */
import { createUserRequestSchema } from '../../../shared/api/accounts'
import { ROLE_LABELS, ROLES } from '../../../shared/roles'
import type { ApiContext } from '../api/http'
import type { NewUser } from '../api/users'
import type { DocHandle, DocOpener } from '../hooks/useDoc'
import { useForm } from '../hooks/useForm'
import { useOptionalStore } from '../hooks/useStore'
import { useUsers } from '../hooks/useUsers'
import type { Workspace } from '../../workspace/workspace'
import { TextField } from './TextField'
import { UserCard } from './UserCard'

type Props = { api: ApiContext; workspace: Workspace | null }

export function UsersScreen({ api, workspace }: Props) {
  const { users, error, loading, ...actions } = useUsers(api)
  const villages = useOptionalStore(workspace?.villages ?? null, null)?.value
  const engine: DocOpener<DocHandle> | null = workspace?.engine ?? null
  return (
    <main className="screen">
      <h1>用户管理</h1>
      {error && (
        <p className="error" role="alert" data-testid="users-error">
          {error}
        </p>
      )}
      {users === null && loading && <p className="muted">正在加载…</p>}
      {users && (
        <ul className="user-list" data-testid="user-list">
          {users.map((u) => (
            <UserCard key={u.id} user={u} villages={villages ?? []} engine={engine} actions={actions} />
          ))}
        </ul>
      )}
      <NewUserForm onCreate={actions.create} />
    </main>
  )
}

function NewUserForm({ onCreate }: { onCreate(user: NewUser): Promise<void> }) {
  const form = useForm({ name: '', phone: '', password: '', role: 'grid_worker' }, createUserRequestSchema, onCreate)
  const { values, set, errors } = form
  return (
    <form className="card" onSubmit={form.onSubmit} noValidate data-testid="new-user-form">
      <h2>新建用户</h2>
      <TextField label="姓名" testId="new-user-name" maxLength={32} value={values.name} onChange={(v) => set('name', v)} error={errors.name} />
      <TextField label="手机号" testId="new-user-phone" type="tel" inputMode="numeric" maxLength={11} value={values.phone} onChange={(v) => set('phone', v)} error={errors.phone} />
      <TextField label="初始密码（至少 8 位）" testId="new-user-password" type="password" autoComplete="new-password" value={values.password} onChange={(v) => set('password', v)} error={errors.password} />
      <div className="field">
        <label htmlFor="new-user-role">角色</label>
        <select id="new-user-role" value={values.role} onChange={(e) => set('role', e.target.value)} data-testid="new-user-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {errors.role && <p className="error">{errors.role}</p>}
      </div>
      {errors.form && (
        <p className="error" role="alert" data-testid="new-user-error">
          {errors.form}
        </p>
      )}
      {form.done && <p className="ok" role="status">已创建</p>}
      <button type="submit" className="primary" disabled={form.submitting} data-testid="new-user-submit">
        {form.submitting ? '正在创建…' : '新建用户'}
      </button>
    </form>
  )
}
