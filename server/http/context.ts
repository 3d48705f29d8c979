/** What every route of the relay's HTTP app can reach. */
import type { SetupCode } from '../auth/firstRun.js'
import type { LoginThrottle } from '../auth/throttle.js'
import type { RelayConfig } from '../config.js'
import type { TrustedProxies } from './clientAddress.js'
import type { Logger } from '../log.js'
import type { Relay } from '../relay/relay.js'
import type { Store, UserRow } from '../storage/types.js'

export type Services = {
  store: Store
  relay: Relay
  config: RelayConfig
  log: Logger
  setupCode: SetupCode
  throttle: LoginThrottle
  /** Reverse proxies whose X-Forwarded-For is believed (TRUST_PROXY). */
  proxies: TrustedProxies
}

export type AppEnv = { Variables: { user: UserRow } }
