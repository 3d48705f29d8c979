/** 账户: who is signed in, and 修改密码 (the relay signs out this user's other sessions). */
import { changePasswordRequestSchema } from '../../../shared/api/accounts'
import type { User } from '../../../shared/api/auth'
import { ROLE_LABELS } from '../../../shared/roles'
import { rewrapDataKey } from '../../sync/dataKey'
import { changePassword } from '../api/account'
import type { ApiContext } from '../api/http'
import { useForm } from '../hooks/useForm'
import { TextField } from './TextField'
import { TextSizeSwitch } from './TextSizeSwitch'

export function AccountScreen({ api, user }: { api: ApiContext; user: User }) {
  const form = useForm(
    { currentPassword: '', newPassword: '', confirm: '' },
    changePasswordRequestSchema,
    async (data) => {
      await changePassword(api, data.currentPassword, data.newPassword)
      // The data key on this device now opens with the new password only (dataKey.ts).
      await rewrapDataKey(user.id, data.currentPassword, data.newPassword)
    },
    (v) => (v.confirm !== v.newPassword ? { confirm: '两次输入的新密码不一致' } : null),
  )
  const { values, set, errors } = form
  return (
    <main className="screen">
      <h1>我的账户</h1>
      <p data-testid="account-who">
        {user.name}（{ROLE_LABELS[user.role]}），手机号 {user.phone}
      </p>
      <section className="card">
        <TextSizeSwitch />
      </section>
      <form className="card" onSubmit={form.onSubmit} noValidate data-testid="password-form">
        <h2>修改密码</h2>
        <TextField label="当前密码" testId="password-current" type="password" autoComplete="current-password" value={values.currentPassword} onChange={(v) => set('currentPassword', v)} error={errors.currentPassword} />
        <TextField label="新密码（至少 8 位）" testId="password-new" type="password" autoComplete="new-password" value={values.newPassword} onChange={(v) => set('newPassword', v)} error={errors.newPassword} />
        <TextField label="确认新密码" testId="password-confirm" type="password" autoComplete="new-password" value={values.confirm} onChange={(v) => set('confirm', v)} error={errors.confirm} />
        {errors.form && (
          <p className="error" role="alert" data-testid="password-error">
            {errors.form}
          </p>
        )}
        {form.done && (
          <p className="ok" role="status" data-testid="password-done">
            密码已修改，其他设备上的登录已失效。
          </p>
        )}
        <button type="submit" className="primary" disabled={form.submitting} data-testid="password-submit">
          {form.submitting ? '正在保存…' : '修改密码'}
        </button>
      </form>
    </main>
  )
}
