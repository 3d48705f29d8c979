/**
 * Title, the top-level nav (村庄 for everyone; 用户 and 审计日志 for the township admin), who is
 * signed in (links to 我的账户), and 退出登录. Signing out with unsaved changes asks first: the
 * changes stay on this device but reach the server only after someone signs in here again.
 */
import { useState } from 'react'
import { ROLE_LABELS, type Role } from '../../../shared/roles'
import type { Route } from '../hooks/useRoute'

type Page = Route['page']
type Props = { userName: string; role: Role; unsaved: number; page: Page; onNavigate(route: Route): void; onSignOut(): void }

const ADMIN_NAV = [
  { page: 'users', label: '用户' },
  { page: 'audit', label: '审计日志' },
] as const

export function TopBar({ userName, role, unsaved, page, onNavigate, onSignOut }: Props) {
  const [confirming, setConfirming] = useState(false)
  const onClick = () => (unsaved > 0 ? setConfirming(true) : onSignOut())
  return (
    <header className="top-bar">
      <button type="button" className="link title" onClick={() => onNavigate({ page: 'villages' })} data-testid="home">
        村务协同
      </button>
      <nav className="nav" aria-label="主菜单">
        <NavButton current={page === 'villages' || page === 'village'} onClick={() => onNavigate({ page: 'villages' })} testId="nav-villages">
          村庄
        </NavButton>
        {role === 'township_admin' &&
          ADMIN_NAV.map((item) => (
            <NavButton key={item.page} current={page === item.page} onClick={() => onNavigate({ page: item.page })} testId={`nav-${item.page}`}>
              {item.label}
            </NavButton>
          ))}
      </nav>
      <button type="button" className="link who" title={`${ROLE_LABELS[role]} · 我的账户`} onClick={() => onNavigate({ page: 'account' })} data-testid="nav-account">
        {userName}
      </button>
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

function NavButton({ current, onClick, testId, children }: { current: boolean; onClick(): void; testId: string; children: string }) {
  return (
    <button type="button" className={current ? 'link nav-item current' : 'link nav-item'} aria-current={current ? 'page' : undefined} onClick={onClick} data-testid={testId}>
      {children}
    </button>
  )
}
