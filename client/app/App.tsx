/**
 * The shell: sign-in, then the village list or one village, with the sync status always shown.
 * State lives in the session store and the sync engine; this component only chooses the screen.
 */
import { useCallback } from 'react'
import { revokeSession } from './api'
import { LoginForm } from './components/LoginForm'
import { StatusBar } from './components/StatusBar'
import { TopBar } from './components/TopBar'
import { VillageListScreen } from './components/VillageListScreen'
import { VillageScreen } from './components/VillageScreen'
import { useEngine } from './hooks/useEngine'
import { useRoute } from './hooks/useRoute'
import { useSession } from './hooks/useSession'
import { useSyncState } from './hooks/useSyncState'

export function App({ baseUrl }: { baseUrl: string }) {
  const { state, signIn, signOut } = useSession(baseUrl)
  const session = state.status === 'signedIn' ? state.session : null
  const engine = useEngine(baseUrl, session)
  const sync = useSyncState(engine)
  const [route, navigate] = useRoute()

  const onSignOut = useCallback(() => {
    if (session) revokeSession(baseUrl, session.token).catch((error: unknown) => console.warn('revoking the session on the server failed', error))
    signOut().catch((error: unknown) => console.error('clearing the session failed', error))
    navigate({ page: 'villages' })
  }, [baseUrl, session, signOut, navigate])

  if (state.status === 'loading') return <p className="muted center">正在启动…</p>
  if (!session) {
    return (
      <main className="screen narrow">
        <h1 className="brand">村务协同</h1>
        <LoginForm onSignIn={signIn} />
      </main>
    )
  }

  return (
    <div className="app">
      <TopBar userName={session.user.name} role={session.user.role} unsaved={sync.unsaved} onHome={() => navigate({ page: 'villages' })} onSignOut={onSignOut} />
      {sync.authLost && (
        <section className="card auth-lost" data-testid="auth-lost">
          <p className="error" role="alert">
            登录已过期，请重新登录
          </p>
          <p className="muted">本机的更改都还在，重新登录后会继续同步。</p>
          <LoginForm onSignIn={signIn} initialPhone={session.user.phone} submitLabel="重新登录" />
        </section>
      )}
      {route.page === 'village' ? (
        engine ? (
          <VillageScreen engine={engine} villageId={route.villageId} issues={sync.issues} onBack={() => navigate({ page: 'villages' })} />
        ) : (
          <p className="muted center">正在打开…</p>
        )
      ) : (
        <VillageListScreen
          baseUrl={baseUrl}
          token={session.token}
          userId={session.user.id}
          role={session.user.role}
          onOpen={(villageId) => navigate({ page: 'village', villageId })}
        />
      )}
      <StatusBar state={sync} />
    </div>
  )
}
