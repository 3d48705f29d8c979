/**
 * First run: on an empty database, ADMIN_PHONE and ADMIN_PASSWORD create the township admin.
 * Without them the relay says how to create one (the one-time setup code comes with accounts).
 */
import { passwordSchema, phoneSchema } from '../../shared/api/auth.js'
import { newId } from '../../shared/ids.js'
import type { RelayConfig } from '../config.js'
import type { Logger } from '../log.js'
import type { AccountStore } from '../storage/types.js'
import { hashPassword } from './passwords.js'

export async function ensureFirstAdmin(accounts: AccountStore, config: RelayConfig, log: Logger): Promise<void> {
  if ((await accounts.countUsers()) > 0) return
  if (!config.adminPhone || !config.adminPassword) {
    log.warn('no users yet: set ADMIN_PHONE and ADMIN_PASSWORD to create the township admin')
    return
  }
  const phone = phoneSchema.parse(config.adminPhone)
  const password = passwordSchema.parse(config.adminPassword)
  await accounts.createUser({
    id: newId(),
    phone,
    name: config.adminName,
    role: 'township_admin',
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
  })
  log.info('created the township admin', { phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` })
}
