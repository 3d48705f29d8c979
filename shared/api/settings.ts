/**
 * /api/settings (server/routes/settings.ts): the township's settings layer (shared/settings/layer.ts).
 * Every signed-in user reads it (village devices cache it and apply it offline); only the township
 * admin writes it, the whole layer at once. A rule added by the township must carry its name,
 * period and count.
 */
import * as z from 'zod'
import { DEFAULT_VISIT_RULES } from '../ledger/visitRules.js'
import { settingsLayerSchema } from '../settings/layer.js'

const DEFAULT_IDS = new Set(DEFAULT_VISIT_RULES.map((r) => r.id))

export const townshipSettingsRequestSchema = settingsLayerSchema.superRefine((layer, ctx) => {
  for (const [id, rule] of Object.entries(layer.visitRules)) {
    if (DEFAULT_IDS.has(id)) continue
    for (const key of ['label', 'period', 'minCount'] as const)
      if (rule[key] === undefined) ctx.addIssue({ code: 'custom', path: ['visitRules', id, key], message: '新增的走访规则须填写名称、周期和次数' })
  }
})

export const townshipSettingsSchema = z.object({
  settings: settingsLayerSchema,
  /** When and by whom (a name) it was last saved; null before the first save (built-in defaults apply). */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
})
export type TownshipSettingsResponse = z.infer<typeof townshipSettingsSchema>
