/** The township report: every village's figures for a period, sorted by name, and the totals. */
import type { TownshipReport } from '../../shared/api/reports.js'
import { sumFigures } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { SettingsLayer } from '../../shared/settings/layer.js'
import type { Relay } from '../relay/relay.js'
import type { AccountStore } from '../storage/types.js'
import { villageFigures } from './villageFigures.js'

/** The township report for `period`, read at `today`, and the unit (the township's name) it is filed by. */
export async function townshipReport(accounts: AccountStore, relay: Relay, period: ReportPeriod, today: string, settings: SettingsLayer | null): Promise<{ report: TownshipReport; unit: string }> {
  const villages = (await accounts.listVillages()).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  const rows: TownshipReport['villages'] = []
  let township = ''
  for (const v of villages) {
    const read = await villageFigures(relay, v, period, today, settings)
    township ||= read.township
    rows.push({ villageId: v.id, name: v.name, ...read.figures })
  }
  return { report: { period: period.key, villages: rows, totals: sumFigures(rows) }, unit: township || '本乡镇' }
}
