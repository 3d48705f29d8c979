/**
 * The shell: first-run setup or sign-in, then the chosen screen, with the sync status always
 * shown. State lives in the session store and the workspace (client/workspace/); this component only chooses the
 * screen and wires callbacks.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { queueRevocation } from '../sync/deviceSettings'
import type { Session } from '../sync/session'
import { strandedDocs } from './accessNotice'
import { fetchMe, revokeSession } from './api/account'
import { ApiError, type ApiContext } from './api/http'
import { AccessNotice } from './components/AccessNotice'
import { AccountScreen } from './components/AccountScreen'
import { AuditScreen } from './components/AuditScreen'
import { LoginForm } from './components/LoginForm'
import { SetupForm } from './components/SetupForm'
import { StatusBar } from './components/StatusBar'
import { SyncScreen } from './components/SyncScreen'
import { TextSizeSwitch } from './components/TextSizeSwitch'
import { TopBar } from './components/TopBar'
import { UnlockScreen } from './components/UnlockScreen'
import { UsersScreen } from './components/UsersScreen'
import { VillageListScreen } from './components/VillageListScreen'
import { preloadSection, VillageScreen } from './components/VillageScreen'
import { useRoute, type Route } from './hooks/useRoute'
import { CampaignScreen } from './township/CampaignScreen'
import { TownshipScreen } from './township/TownshipScreen'
import { TownshipSettingsScreen } from './settings/TownshipSettingsScreen'
import { MyAssessmentScreen } from './assessment/MyAssessmentScreen'
import { TownshipAssessmentScreen } from './assessment/TownshipAssessmentScreen'
import { HistoryScreen } from './components/HistoryScreen'
import { TownshipInbox } from './inbox/TownshipInbox'
import { useSession } from './hooks/useSession'
import { useSetupNeeded } from './hooks/useSetupNeeded'
import { useRevocationFlush, useSharedDevice } from './hooks/useSharedDevice'
import { useOptionalStore } from './hooks/useStore'
import { useSyncState } from './hooks/useSyncState'
import { useWorkspace } from './hooks/useWorkspace'

export function App({ baseUrl }: { baseUrl: string }) {
  const { state, signIn, unlock, adopt, signOut } = useSession(baseUrl)
  const [sharedDevice, setSharedDevice] = useSharedDevice()
  useRevocationFlush()
  const session = state.status === 'signedIn' ? state.session : null
  const dataKey = state.status === 'signedIn' ? state.dataKey : null
  const [route, navigate] = useRoute()
  const setupNeeded = useSetupNeeded(baseUrl, state.status === 'signedOut')
  const [switchedFrom, setSwitchedFrom] = useState<string | null>(null)
  // The session can be revoked while no doc is open (no socket to hear it): an API call answered
  // 401 is checked against /api/auth/me, and the token it was for is remembered as lost.
  const [lostToken, setLostToken] = useState<string | null>(null)
  const token = session?.token ?? null
  const api = useMemo<ApiContext>(
    () => ({
      baseUrl,
      token,
      onUnauthorised: () => {
        fetchMe({ baseUrl, token }).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 401) setLostToken(token)
        })
      },
    }),
    [baseUrl, token],
  )
  const workspace = useWorkspace(api, session, dataKey)
  const sync = useSyncState(workspace)
  const memberships = useOptionalStore(workspace?.memberships ?? null, null)?.value ?? null
  const outboxRows = useOptionalStore(workspace?.outbox ?? null, [])
  const [wipeRefused, setWipeRefused] = useState<string | null>(null)
  const authLost = sync.authLost || (token !== null && lostToken === token)

  const onSignOut = useCallback(
    (wipe: boolean) => {
      // Local first (wiping ends the workspace), then the session is cleared and the token
      // revoked, so no screen still showing is refused with it meanwhile. A refused wipe signs
      // nobody out: it says what has not reached the server yet.
      const wiped = wipe && workspace ? workspace.wipe() : Promise.resolve({ wiped: false as const, message: null })
      wiped
        .then(
          (result) => {
            if (!result.wiped && result.message) {
              setWipeRefused(result.message)
              return false
            }
            return true
          },
          (error: unknown) => {
            console.error('wiping this device failed', error)
            setWipeRefused('清除本机数据失败，请重试')
            return false
          },
        )
        .then(async (signOutNow) => {
          if (!signOutNow) return
          setWipeRefused(null)
          navigate({ page: 'villages' })
          await signOut().catch((error: unknown) => console.error('clearing the session failed', error))
          // Offline, the token waits on the device and is revoked on the next connection.
          if (session) {
            await revokeSession(api).catch(async (error: unknown) => {
              if (error instanceof ApiError && error.status === 0) await queueRevocation(session.baseUrl, session.token)
              else console.warn('revoking the session on the server failed', error)
            })
          }
        })
        .catch((error: unknown) => console.error('signing out failed', error))
    },
    [api, session, workspace, signOut, navigate],
  )

  // Signing in again after the session was lost: the same person carries on where they were
  // (same IndexedDB, so pending changes sync); someone else starts at the village list, and the
  // previous person's data stays in their own db on this device.
  const onSignInAgain = useCallback(
    async (phone: string, password: string) => {
      const previous = session?.user
      const next = await signIn(phone, password)
      if (previous && next.user.id !== previous.id) {
        setSwitchedFrom(previous.name)
        navigate({ page: 'villages' })
      }
    },
    [session, signIn, navigate],
  )
  const onAdopt = useCallback((created: Session, password: string) => adopt(created, password), [adopt])
  const lockedSession = state.status === 'locked' ? state.locked.session : null
  // Signing out from the unlock screen: nothing of the workspace is open, so only the session ends.
  const onSignOutLocked = useCallback(() => {
    if (!lockedSession) return
    signOut()
      .then(() => revokeSession({ baseUrl: lockedSession.baseUrl, token: lockedSession.token }))
      .catch(async (error: unknown) => {
        if (error instanceof ApiError && error.status === 0) await queueRevocation(lockedSession.baseUrl, lockedSession.token)
        else console.warn('revoking the session on the server failed', error)
      })
      .catch((error: unknown) => console.error('signing out failed', error))
  }, [lockedSession, signOut])

  const lockedSection = state.status === 'locked' && route.page === 'village' ? route.section : undefined
  useEffect(() => preloadSection(lockedSection), [lockedSection])

  if (state.status === 'locked') {
    return (
      <main className="screen narrow">
        <h1 className="brand">村务协同</h1>
        <UnlockScreen locked={state.locked} onUnlock={unlock} onSignOut={onSignOutLocked} />
        <TextSizeSwitch />
      </main>
    )
  }
  if (state.status === 'loading' || (!session && setupNeeded === null)) return <p className="muted center">正在启动…</p>
  if (!session) {
    return (
      <main className="screen narrow">
        <h1 className="brand">村务协同</h1>
        {setupNeeded ? <SetupForm baseUrl={baseUrl} onDone={onAdopt} /> : <LoginForm onSignIn={async (p, pw) => void (await signIn(p, pw))} shared={sharedDevice} onSharedChange={setSharedDevice} />}
        <TextSizeSwitch />
      </main>
    )
  }

  const isAdmin = session.user.role === 'township_admin'
  const screen = (r: Route) => {
    switch (r.page) {
      case 'village':
        return workspace ? (
          <VillageScreen
            workspace={workspace}
            engine={workspace.engine}
            api={api}
            villageId={r.villageId}
            section={r.section ?? 'profile'}
            rest={r.rest ?? []}
            user={session.user}
            membership={memberships?.find((m) => m.villageId === r.villageId) ?? null}
            issues={sync.issues}
            onSection={(section, rest) => navigate({ page: 'village', villageId: r.villageId, section, rest })}
            onBack={() => navigate({ page: 'villages' })}
          />
        ) : (
          <p className="muted center">正在打开…</p>
        )
      case 'users':
        if (isAdmin) return <UsersScreen api={api} workspace={workspace} />
        break
      case 'audit':
        if (isAdmin) return <AuditScreen api={api} />
        break
      case 'township':
        if (isAdmin && workspace) return <TownshipScreen api={api} workspace={workspace} onOpenRecord={(villageId, kind, gridId, id) => navigate({ page: 'village', villageId, section: 'ledger', rest: [kind, gridId, id] })} />
        break
      case 'settings':
        if (isAdmin && workspace) return <TownshipSettingsScreen api={api} workspace={workspace} />
        break
      case 'assessment':
        if (isAdmin && workspace) return <TownshipAssessmentScreen api={api} workspace={workspace} />
        if (session.user.role === 'grid_worker' && workspace) return <MyAssessmentScreen api={api} workspace={workspace} />
        break
      case 'campaigns':
        if (isAdmin && workspace) return <CampaignScreen api={api} workspace={workspace} />
        break
      case 'inbox':
        if (isAdmin && workspace)
          return (
            <TownshipInbox
              workspace={workspace}
              api={api}
              user={session.user}
              onOpenRecord={(item) => navigate({ page: 'village', villageId: item.villageId, section: 'ledger', rest: [item.record.kind, item.record.gridId, item.record.id] })}
            />
          )
        break
      case 'account':
        return <AccountScreen api={api} user={session.user} />
      case 'sync':
        return workspace ? <SyncScreen workspace={workspace} state={sync} onOpenHistory={(docName) => navigate({ page: 'history', docName })} /> : <p className="muted center">正在打开…</p>
      case 'history':
        return <HistoryScreen api={api} workspace={workspace} docName={r.docName} mayRestore={session.user.role !== 'supervisor'} />
      case 'villages':
        break
    }
    return workspace ? <VillageListScreen workspace={workspace} role={session.user.role} onOpen={(villageId) => navigate({ page: 'village', villageId })} /> : <p className="muted center">正在打开…</p>
  }

  return (
    <div className="app">
      <TopBar
        userName={session.user.name}
        role={session.user.role}
        unsaved={sync.unsaved + outboxRows.length}
        page={route.page}
        sharedDevice={sharedDevice}
        onNavigate={navigate}
        onSignOut={onSignOut}
      />
      {authLost && (
        <section className="card auth-lost" data-testid="auth-lost">
          <p className="error" role="alert">
            登录已过期，请重新登录
          </p>
          <p className="muted">本机的更改都还在，重新登录后会继续同步。</p>
          <LoginForm onSignIn={onSignInAgain} initialPhone={session.user.phone} submitLabel="重新登录" />
        </section>
      )}
      {switchedFrom && (
        <p className="card notice" role="status" data-testid="switched-user">
          已切换为 {session.user.name}。{switchedFrom} 的本机数据仍保留在这台设备上，下次 {switchedFrom} 登录后会继续同步。
        </p>
      )}
      {wipeRefused && (
        <p className="card error" role="alert" data-testid="wipe-refused">
          {wipeRefused}
        </p>
      )}
      <AccessNotice docs={strandedDocs(sync)} />
      {screen(route)}
      {/* Acts still in the outbox (a notice, a 张贴记录, a photo's upload) are not on the relay either. */}
      <StatusBar state={{ ...sync, unsaved: sync.unsaved + outboxRows.length }} onOpenDetails={() => navigate({ page: 'sync' })} />
    </div>
  )
}
