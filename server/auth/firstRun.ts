/**
 * First run. On an empty database, ADMIN_PHONE and ADMIN_PASSWORD create the township admin.
 * Without them the relay prints a one-time setup code on its console; whoever can read the
 * console (the person who installed it) creates the admin with that code at POST /api/setup.
 * The code lives only in memory, is compared in constant time and dies once used.
 */
import { randomInt, timingSafeEqual } from 'node:crypto'
import { passwordSchema, phoneSchema } from '../../shared/api/auth.js'
import { newId } from '../../shared/ids.js'
import type { RelayConfig } from '../config.js'
import type { Logger } from '../log.js'
import type { AccountStore, UserRow } from '../storage/types.js'
import { hashPassword } from './passwords.js'

export type SetupCode = { matches(code: string): boolean; used(): void; readonly active: boolean }

export async function newAdminRow(phone: string, name: string, password: string): Promise<UserRow> {
  return {
    id: newId(),
    phone,
    name,
    role: 'township_admin',
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
    disabledAt: null,
  }
}

/** Creates the admin from the environment, or returns the setup code the console shows. */
export async function ensureFirstAdmin(accounts: AccountStore, config: RelayConfig, log: Logger): Promise<SetupCode> {
  if ((await accounts.countUsers()) > 0) return inactiveCode()
  if (config.adminPhone && config.adminPassword) {
    const phone = phoneSchema.parse(config.adminPhone)
    const password = passwordSchema.parse(config.adminPassword)
    // Several relays may start together on one database: only the first creates the admin.
    if (await accounts.createFirstUser(await newAdminRow(phone, config.adminName, password))) {
      log.info('created the township admin', { phone: `${phone.slice(0, 3)}****${phone.slice(-4)}` })
    }
    return inactiveCode()
  }
  const code = Array.from({ length: 8 }, () => randomInt(10)).join('')
  process.stdout.write(`\n  首次使用：在浏览器中打开本应用，用一次性设置码 ${code} 创建镇管理员。\n  First run: create the township admin in the app with the one-time setup code ${code}.\n\n`)
  let active = true
  return {
    get active() {
      return active
    },
    matches(candidate: string) {
      return active && candidate.length === code.length && timingSafeEqual(Buffer.from(candidate), Buffer.from(code))
    },
    used() {
      active = false
    },
  }
}

function inactiveCode(): SetupCode {
  return { active: false, matches: () => false, used: () => undefined }
}
