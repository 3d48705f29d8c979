/** 首次使用: the first visitor creates the township admin with the code the relay printed. */
import { setupRequestSchema } from '../../../shared/api/accounts'
import { completeSetup } from '../api/account'
import type { Session } from '../../sync/session'
import { useForm } from '../hooks/useForm'
import { TextField } from './TextField'

type Props = { baseUrl: string; onDone(session: Session, password: string): Promise<void> }

export function SetupForm({ baseUrl, onDone }: Props) {
  const form = useForm(
    { code: '', name: '', phone: '', password: '', confirm: '' },
    setupRequestSchema,
    async (data) => onDone({ ...(await completeSetup({ baseUrl, token: null }, data)), baseUrl }, data.password),
    (v) => (v.confirm !== v.password ? { confirm: '两次输入的密码不一致' } : null),
  )
  const { values, set, errors } = form
  return (
    <form className="card" onSubmit={form.onSubmit} noValidate data-testid="setup-form">
      <h2>首次使用：创建镇管理员</h2>
      <p className="muted hint">设置码显示在服务器启动时的控制台输出中，只能使用一次。</p>
      <TextField label="设置码" testId="setup-code" value={values.code} onChange={(v) => set('code', v)} error={errors.code} autoComplete="off" />
      <TextField label="姓名" testId="setup-name" value={values.name} onChange={(v) => set('name', v)} error={errors.name} maxLength={32} />
      <TextField label="手机号" testId="setup-phone" type="tel" inputMode="numeric" maxLength={11} value={values.phone} onChange={(v) => set('phone', v)} error={errors.phone} autoComplete="username" />
      <TextField label="密码（至少 8 位）" testId="setup-password" type="password" value={values.password} onChange={(v) => set('password', v)} error={errors.password} autoComplete="new-password" />
      <TextField label="确认密码" testId="setup-confirm" type="password" value={values.confirm} onChange={(v) => set('confirm', v)} error={errors.confirm} autoComplete="new-password" />
      {errors.form && (
        <p className="error" role="alert" data-testid="setup-error">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={form.submitting} data-testid="setup-submit">
        {form.submitting ? '正在创建…' : '创建并登录'}
      </button>
    </form>
  )
}
