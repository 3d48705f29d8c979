/**
 * 请输入密码解锁: the cached session is there, but the data key that opens this device's copy of
 * the user's docs is not in memory (a reload, a new tab, the app opened offline). The password
 * unwraps it on the device; a wrong one says so and nothing is lost.
 */
import { useState, type FormEvent } from 'react'
import type { Locked } from '../../sync/unlock'
import { TextField } from './TextField'

type Props = {
  locked: Locked
  onUnlock(password: string): Promise<void>
  onSignOut(): void
}

export function UnlockScreen({ locked, onUnlock, onSignOut }: Props) {
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const { user } = locked.session
  const changed = locked.reason === 'passwordChanged'

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (password === '') {
      setError('请输入密码')
      return
    }
    setError(null)
    setBusy(true)
    try {
      await onUnlock(password)
    } catch (failure) {
      setError(failure instanceof Error && failure.message ? failure.message : '解锁失败，请重试')
      setBusy(false)
    }
  }

  return (
    <form className="card login-form" onSubmit={onSubmit} noValidate data-testid="unlock-form">
      <h2>{changed ? '请输入以前的密码' : '请输入密码解锁'}</h2>
      <p className="muted" data-testid="unlock-who">
        {user.name}（{user.phone}）
      </p>
      <p className="muted">
        {changed
          ? '您的密码已在别的设备上修改。本机保存的数据是用以前的密码加密的，请输入以前的密码，之后会改用新密码。'
          : '本机保存的村务数据已加密，输入登录密码后才能查看。没有网络也可以解锁。'}
      </p>
      <TextField
        label={changed ? '以前的密码' : '密码'}
        testId="unlock-password"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={password}
        onChange={setPassword}
        error={error ?? undefined}
      />
      <button type="submit" className="primary" disabled={busy} data-testid="unlock-submit">
        {busy ? '正在解锁…' : '解锁'}
      </button>
      <button type="button" className="link" onClick={onSignOut} data-testid="unlock-sign-out">
        不是本人？退出登录
      </button>
    </form>
  )
}
