/**
 * The one answer to "may this user read / write this doc here?", for every screen.
 *
 * Rule: the shared access table (shared/access.ts, the same one the relay enforces) decides from
 * the user's role and their membership of the doc's village; the relay's verdicts on this device
 * then narrow it: a doc it refused (a 4403 close, a refused upgrade, or listed forbidden by
 * background sync) is neither readable nor writable, and a doc it marked read-only is not
 * writable. Until the memberships are known (the first moments after a first sign-in) only the
 * township admin's role grants anything: nothing is opened that the table may not allow (a
 * sensitive doc is never asked for without the grant).
 */
import { docAccess, type Access } from '../../shared/access'
import type { Membership } from '../../shared/api/accounts'
import type { User } from '../../shared/api/auth'
import { parseDocName } from '../../shared/docNames'
import type { SyncState } from '../sync/engine'
import type { Store } from './store'

export type AccessFacts = {
  user: Pick<User, 'role'>
  /** null while unknown. */
  memberships: readonly Membership[] | null
  relay: Pick<SyncState, 'issues' | 'lastSync'>
}

export type AccessView = {
  /** What the access table grants, before the relay's verdicts: what to open. */
  rule(docName: string): Access
  /** The table narrowed by the relay's verdicts: what to offer. */
  access(docName: string): Access
  canRead(docName: string): boolean
  canWrite(docName: string): boolean
}

export function accessView({ user, memberships, relay }: AccessFacts): AccessView {
  const rule = (name: string): Access => {
    const ref = parseDocName(name)
    if (!ref) return 'none'
    return docAccess(user, memberships?.find((m) => m.villageId === ref.villageId) ?? null, ref)
  }
  const access = (name: string): Access => {
    const issue = relay.issues[name]
    if (issue?.kind === 'forbidden' || relay.lastSync?.forbidden.includes(name)) return 'none'
    const table = rule(name)
    return issue?.kind === 'readOnly' && table === 'write' ? 'read' : table
  }
  return { rule, access, canRead: (name) => access(name) !== 'none', canWrite: (name) => access(name) === 'write' }
}

type Source<T> = Store<T>

/**
 * accessView() as a store: a new view whenever the memberships or the relay's verdicts change,
 * the same object otherwise.
 */
export class AccessService implements Store<AccessView> {
  private view: AccessView
  private inputs: [unknown, unknown, unknown]

  constructor(
    private readonly user: Pick<User, 'role'>,
    private readonly memberships: Source<{ value: readonly Membership[] | null }>,
    private readonly sync: Source<SyncState>,
  ) {
    this.inputs = this.currentInputs()
    this.view = this.build()
  }

  getSnapshot = (): AccessView => {
    const inputs = this.currentInputs()
    if (inputs.some((input, i) => input !== this.inputs[i])) {
      this.inputs = inputs
      this.view = this.build()
    }
    return this.view
  }

  subscribe = (onChange: () => void): (() => void) => {
    const a = this.memberships.subscribe(onChange)
    const b = this.sync.subscribe(onChange)
    return () => {
      a()
      b()
    }
  }

  canRead(docName: string): boolean {
    return this.getSnapshot().canRead(docName)
  }

  canWrite(docName: string): boolean {
    return this.getSnapshot().canWrite(docName)
  }

  private currentInputs(): [unknown, unknown, unknown] {
    const sync = this.sync.getSnapshot()
    return [this.memberships.getSnapshot().value, sync.issues, sync.lastSync]
  }

  private build(): AccessView {
    const sync = this.sync.getSnapshot()
    return accessView({ user: this.user, memberships: this.memberships.getSnapshot().value, relay: sync })
  }
}
