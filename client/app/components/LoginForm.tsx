/**
 * Phone + password form. Checks the shapes the relay would reject before sending (the shared
 * schema), shows every error inline in Chinese, and stays disabled while a request is out.
 */
import { useState, type FormEvent } from 'react'
import { loginRequestSchema } from '../../../shared/api/auth'

type Props = {
  onSignIn(phone: string, password: string): Promise<void>
  initialPhone?: string
  submitLabel?: string
  /** 这是公用电脑, remembered per device (offered when given). */
  shared?: boolean
  onSharedChange?(shared: boolean): void
}
type Errors = { phone?: string; password?: string; form?: string }

export function LoginForm({ onSignIn, initialPhone = '', submitLabel = '登录', shared, onSharedChange }: Props) {
  const [phone, setPhone] = useState(initialPhone)
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    const parsed = loginRequestSchema.safeParse({ phone: phone.trim(), password })
    if (!parsed.success) {
      const next: Errors = phone.trim() === '' ? { phone: '请输入手机号' } : {}
      for (const issue of parsed.error.issues) {
        const key = issue.path[0]
        if ((key === 'phone' || key === 'password') && !next[key]) next[key] = issue.message
      }
      setErrors(next)
      return
    }
    setErrors({})
    setSubmitting(true)
    try {
      await onSignIn(parsed.data.phone, parsed.data.password)
    } catch (error) {
      setErrors(errorsFrom(error))
      setSubmitting(false)
    }
  }

  return (
    <form className="card login-form" onSubmit={onSubmit} noValidate data-testid="login-form">
      <div className="field">
        <label htmlFor="login-phone">手机号</label>
        <input
          id="login-phone"
          data-testid="login-phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          maxLength={11}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          aria-invalid={errors.phone ? true : undefined}
        />
        {errors.phone && <p className="error" data-testid="login-phone-error">{errors.phone}</p>}
      </div>
      <div className="field">
        <label htmlFor="login-password">密码</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={errors.password ? true : undefined}
        />
        {errors.password && <p className="error" data-testid="login-password-error">{errors.password}</p>}
      </div>
      {onSharedChange && (
        <label className="check">
          <input type="checkbox" checked={shared === true} onChange={(e) => onSharedChange(e.target.checked)} data-testid="login-shared" />
          <span>这是公用电脑（退出时默认清除本机数据，本设备会记住这个选择）</span>
        </label>
      )}
      {errors.form && (
        <p className="error" role="alert" data-testid="login-error">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={submitting} data-testid="login-submit">
        {submitting ? '正在登录…' : submitLabel}
      </button>
    </form>
  )
}

function errorsFrom(error: unknown): Errors {
  const message = error instanceof Error && error.message ? error.message : '登录失败，请稍后再试'
  const field = (error as { field?: unknown } | null)?.field
  return field === 'phone' || field === 'password' ? { [field]: message } : { form: message }
}
