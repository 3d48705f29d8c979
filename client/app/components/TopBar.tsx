/**
 * Title, who is signed in, and 退出登录. Signing out with unsaved changes asks first: the changes
 * stay on this device but reach the server only after someone signs in here again.
 */
import { useState } from 'react'
import { ROLE_LABELS, type Role } from '../../../shared/roles'

type Props = { userName: string; role: Role; unsaved: number; onHome(): void; onSignOut(): void }

export function TopBar({ userName, role, unsaved, onHome, onSignOut }: Props) {
  const [confirming, setConfirming] = useState(false)
  const onClick = () => (unsaved > 0 ? setConfirming(true) : onSignOut())
  return (
    <header className="top-bar">
      <button type="button" className="link title" onClick={onHome} data-testid="home">
        村务协同
      </button>
      <span className="who" title={ROLE_LABELS[role]}>
        {userName}
      </span>
      <button type="button" className="secondary" onClick={onClick} data-testid="logout">
        退出登录
      </button>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="logout-warning" data-testid="logout-confirm">
          <p id="logout-warning">
            还有 {unsaved} 项更改尚未保存到服务器。退出后这些更改仍留在本机，要等再次登录并联网后才会上传。确定退出吗？
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setConfirming(false)} data-testid="logout-cancel">
              取消
            </button>
            <button type="button" className="danger" onClick={onSignOut} data-testid="logout-confirm-button">
              仍然退出
            </button>
          </div>
        </div>
      )}
    </header>
  )
}
