/**
 * Title, the top-level nav (村庄 for everyone; 收件箱, 全镇统计, 四培五考, 用户 and 审计日志 for the
 * township admin, a row that scrolls on a phone and says so; 我的考核 for a grid worker), who is
 * signed in (links to 我的账户), and 退出登录. Signing out always asks first: with unsaved changes
 * it warns that they stay on this device and reach the server only after someone signs in here
 * again; with none it offers to wipe this device's copy of the user's data (a shared office PC),
 * which is never offered while something is unsaved, as wiping would lose it.
 */
import { useState } from 'react'
import { ROLE_LABELS, type Role } from '../../../shared/roles'
import type { Route } from '../hooks/useRoute'
import { ConfirmDialog } from './ConfirmDialog'
import { ScrollHint } from './ScrollHint'

type Page = Route['page']
type Props = {
  userName: string
  role: Role
  unsaved: number
  page: Page
  /** 这是公用电脑: the wipe is ticked from the start. */
  sharedDevice?: boolean
  onNavigate(route: Route): void
  onSignOut(wipe: boolean): void
}

const ADMIN_NAV = [
  { page: 'inbox', label: '收件箱' },
  { page: 'township', label: '全镇统计' },
  { page: 'settings', label: '镇级设置' },
  { page: 'assessment', label: '四培五考' },
  { page: 'campaigns', label: '工作推进' },
  { page: 'users', label: '用户' },
  { page: 'audit', label: '审计日志' },
] as const

export function TopBar({ userName, role, unsaved, page, sharedDevice = false, onNavigate, onSignOut }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [wipe, setWipe] = useState(sharedDevice)
  const canWipe = unsaved === 0
  return (
    <header className="top-bar">
      <button type="button" className="link title" onClick={() => onNavigate({ page: 'villages' })} data-testid="home">
        村务协同
      </button>
      <ScrollHint className="nav" label="主菜单" testId="nav-scroll-hint">
        <NavButton current={page === 'villages' || page === 'village'} onClick={() => onNavigate({ page: 'villages' })} testId="nav-villages">
          村庄
        </NavButton>
        {role === 'township_admin' &&
          ADMIN_NAV.map((item) => (
            <NavButton key={item.page} current={page === item.page} onClick={() => onNavigate({ page: item.page })} testId={`nav-${item.page}`}>
              {item.label}
            </NavButton>
          ))}
        {role === 'grid_worker' && (
          <NavButton current={page === 'assessment'} onClick={() => onNavigate({ page: 'assessment' })} testId="nav-assessment">
            我的考核
          </NavButton>
        )}
      </ScrollHint>
      <button type="button" className="link who" title={`${ROLE_LABELS[role]} · 我的账户`} onClick={() => onNavigate({ page: 'account' })} data-testid="nav-account">
        {userName}
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setWipe(sharedDevice)
          setConfirming(true)
        }}
        data-testid="logout"
      >
        退出登录
      </button>
      {confirming && (
        <ConfirmDialog
          open
          title="退出登录"
          testId="logout-confirm"
          statement={
            <>
              <p id="logout-warning">
                {unsaved > 0 ? `还有 ${unsaved} 项更改尚未保存到服务器。退出后这些更改仍留在本机，要等再次登录并联网后才会上传。确定退出吗？` : '确定退出登录吗？'}
              </p>
              <label className="wipe">
                <input type="checkbox" checked={wipe && canWipe} disabled={!canWipe} onChange={(e) => setWipe(e.target.checked)} data-testid="logout-wipe" />
                <span>{canWipe ? '同时清除本机上我的数据（适用于公用电脑；下次登录会重新下载）' : '有更改尚未保存，不能清除本机数据'}</span>
              </label>
              {wipe && canWipe && (
                <p className="error" data-testid="logout-wipe-warning">
                  清除后，这台设备上你的台账、会议记录和四议两公开记录都会删除，<strong>不能恢复</strong>；服务器上的数据不受影响。
                </p>
              )}
            </>
          }
          confirmLabel={wipe && canWipe ? '退出并清除本机数据' : unsaved > 0 ? '仍然退出' : '退出登录'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => onSignOut(wipe && canWipe)}
        />
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
