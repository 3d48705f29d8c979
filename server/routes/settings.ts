/**
 * /api/settings — the township's configuration (issue #16 item 5):
 *   GET /township   the township's settings layer (any signed-in user: village devices cache it
 *                   and apply it offline; null times before the first save, when built-in defaults apply)
 *   PUT /township   replaces it (township admin only; 403 for anyone else; a bad value is a 400
 *                   in Chinese naming the field)
 * Villages override values for themselves in their meta docs (shared/settings/villageLayer.ts),
 * so nothing here touches a village's own choices.
 */
import { Hono } from 'hono'
import { townshipSettingsRequestSchema, type TownshipSettingsResponse } from '../../shared/api/settings.js'
import { EMPTY_LAYER } from '../../shared/settings/layer.js'
import { recordAudit } from '../audit.js'
import type { AppEnv, Services } from '../http/context.js'
import { ApiException, parseBody } from '../http/errors.js'
import { requireUser } from '../http/requireUser.js'

export function settingsRoutes({ store, log }: Services) {
  const { accounts, townshipSettings } = store

  async function current(): Promise<TownshipSettingsResponse> {
    const row = await townshipSettings.get()
    if (!row) return { settings: EMPTY_LAYER, updatedAt: null, updatedBy: null }
    const by = await accounts.findUserById(row.updatedBy)
    return { settings: row.settings, updatedAt: row.updatedAt, updatedBy: by?.name ?? null }
  }

  return new Hono<AppEnv>()
    .use(requireUser(accounts))
    .get('/township', async (c) => c.json(await current()))
    .put('/township', async (c) => {
      const user = c.get('user')
      if (user.role !== 'township_admin') throw new ApiException(403, { error: '只有乡镇管理员可以修改镇级设置' })
      const settings = await parseBody(c, townshipSettingsRequestSchema)
      await townshipSettings.put({ settings, updatedAt: new Date().toISOString(), updatedBy: user.id })
      recordAudit(accounts, log, user.id, 'settings.township', 'settings/township', '修改镇级设置（走访规则、会议周期、办理时限、检查项、检查周期、清扫日）')
      return c.json(await current())
    })
}
