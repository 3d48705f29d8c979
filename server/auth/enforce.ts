/**
 * Applies access changes to open sockets at once: after a membership, role or account change,
 * each of the user's sockets is checked again. Lost access closes it with 4403 (final); a switch
 * between read and write closes it with 4503 so the client reconnects under the new access.
 */
import { parseDocName } from '../../shared/docNames.js'
import type { Relay } from '../relay/relay.js'
import type { AccountStore } from '../storage/types.js'
import { docAccess } from '../../shared/access.js'

export async function enforceAccess(accounts: AccountStore, relay: Relay, userId: string): Promise<void> {
  const conns = relay.connectionsOf(userId)
  if (conns.length === 0) return
  const user = await accounts.findUserById(userId)
  const memberships = await accounts.listMemberships(userId)
  for (const conn of conns) {
    const ref = parseDocName(conn.docName)
    if (!user || user.disabledAt || !ref) {
      relay.close(conn, { kind: 'unauthorised' })
      continue
    }
    const membership = memberships.find((m) => m.villageId === ref.villageId) ?? null
    const access = docAccess(user, membership, ref)
    if (access === 'none') relay.close(conn, { kind: 'forbidden' })
    else if ((access === 'read') !== conn.readOnly) relay.close(conn, { kind: 'accessChanged' })
  }
}
