/**
 * A village's 六联 figures for the township dashboard (issues #16, #18 item 6): read through the
 * relay's live copies like the ledger figures (villageFigures.ts). The 六联 doc gives the groups,
 * households, duty months and the findings raised in the period; the ledger of each grid a
 * finding went to is then opened, one at a time, only to read whether that record was closed by
 * the period's as-of day. Counts only: no household id or name leaves this function.
 */
import { docName } from '../../shared/docNames.js'
import type * as Y from 'yjs'
import { shanghaiDate } from '../../shared/civilDate.js'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { listRecords } from '../../shared/ledger/ledgerDoc.js'
import { thingStatus } from '../../shared/ledger/workflows/hazard.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { CLOSED_INCIDENT_STATES, periodFigures, raisedDay, type LiulianFigures } from '../../shared/liulian/figures.js'
import { listRaised, type RaisedFact } from '../../shared/liulian/liulianDoc.js'
import { reportAsOf } from '../../shared/reports/reportFigures.js'
import type { ReportPeriod } from '../../shared/reports/reportPeriod.js'
import type { Relay } from '../relay/relay.js'

export async function liulianFigures(relay: Relay, villageId: string, period: Pick<ReportPeriod, 'start' | 'end'>, today: string): Promise<LiulianFigures> {
  const asOf = reportAsOf(period, today)
  const raised = await relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) =>
    listRaised(room.doc).filter((r) => {
      const day = raisedDay(r)
      return day >= period.start && day <= period.end && day <= asOf
    }),
  )
  const closed = new Set<string>()
  for (const gridId of new Set(raised.map((r) => r.gridId))) {
    await relay.withDoc(docName({ kind: 'ledger', villageId, gridId }), async (room) => {
      for (const r of raised) if (r.gridId === gridId && closedBy(room.doc, r, asOf)) closed.add(r.id)
    })
  }
  return relay.withDoc(docName({ kind: 'liulian', villageId }), async (room) => periodFigures(room.doc, period, asOf, (r) => closed.has(r.id)))
}

/** Whether the raised record was closed (隐患 销号, 事件 办结 or later) by `asOf`, reading only its facts up to that day. */
function closedBy(ledger: Y.Doc, raised: RaisedFact, asOf: string): boolean {
  const record = listRecords(ledger, raised.recordKind, raised.gridId).find((x) => x.id === raised.recordId)
  if (!record) return false
  const upTo: LedgerRecord = { ...record, facts: record.facts.filter((f) => {
    const at = new Date(f.at)
    return !Number.isNaN(at.getTime()) && shanghaiDate(at) <= asOf
  }) }
  if (raised.recordKind === 'thing') return thingStatus(upTo, asOf).state === 'closed'
  return CLOSED_INCIDENT_STATES.has(incidentStatus(upTo, asOf).state)
}
