/** A household's page (一户一档): its members, its visits (民情日记), its 人居环境检查, and incidents and disputes that involve it. */
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { text } from '../../../shared/ledger/kind'
import { checkStatus, failedItems } from '../../../shared/ledger/environment'
import { dispute } from '../../../shared/ledger/kinds/dispute'
import { environment } from '../../../shared/ledger/kinds/environment'
import { incident } from '../../../shared/ledger/kinds/incident'
import { resident } from '../../../shared/ledger/kinds/resident'
import { visit } from '../../../shared/ledger/kinds/visit'
import type { LedgerContext } from './context'
import { relatedAddForm } from './relatedAddForm'
import { RelatedList } from './RelatedList'

export function HouseholdExtras(ctx: LedgerContext & { household: LedgerRecord }) {
  const { household, ledger, go, today } = ctx
  // This household's records of a kind, and the dated ones newest first.
  const mine = (kind: string) => ledger.index.records(kind).filter((r) => text(r.values, 'householdId') === household.id)
  const newestFirst = (kind: string) => mine(kind).sort((a, b) => (text(a.values, 'date') < text(b.values, 'date') ? 1 : -1))
  const members = mine('resident')
  const memberIds = new Set(members.map((m) => m.id))
  const visits = newestFirst('visit')
  const checks = newestFirst('environment')
  const incidents = ledger.index.records('incident').filter((r) => Array.isArray(r.values.householdIds) && (r.values.householdIds as string[]).includes(household.id))
  const disputes = ledger.index.records('dispute').filter((r) => Array.isArray(r.values.partyIds) && (r.values.partyIds as string[]).some((id) => memberIds.has(id)))
  const open = (record: LedgerRecord) => go([record.kind, record.gridId, record.id])
  // A new member, visit or check of this household: the household filled in, the rest to enter.
  const addForm = (def: KindDef, defaults?: Record<string, unknown>) => relatedAddForm(ctx, def, household.gridId, { householdId: household.id }, defaults)
  // What a visit found and cannot be settled at the door (F003§5 「解決不了的…向鄉鎮反映」): an incident
  // with this household in 涉及户, found today on a visit, reported by this user.
  const reportForm = relatedAddForm(ctx, incident, household.gridId, { householdIds: [household.id] }, { occurredAt: today, channel: '走访发现', reporter: ctx.user.name, location: text(household.values, 'address') })

  return (
    <>
      <RelatedList
        title="家庭成员"
        def={resident}
        records={members}
        today={today}
        testId="household-members"
        detail={(r) => text(r.values, 'relation')}
        onOpen={open}
        addLabel="添加成员"
        addForm={addForm(resident)}
      />
      <RelatedList
        title="走访记录"
        def={visit}
        records={visits}
        today={today}
        testId="household-visits"
        detail={(r) => [text(r.values, 'mode'), text(r.values, 'needs')].filter(Boolean).join('，')}
        onOpen={open}
        addLabel="记录走访"
        addForm={addForm(visit, { date: today, visitor: ctx.user.name, mode: '入户走访' })}
      />
      <RelatedList
        title="人居环境检查"
        def={environment}
        records={checks}
        today={today}
        testId="household-environment"
        detail={(r) => [checkStatus(r, checks, today), failedItems(r.values).join('、'), r.values.fiveBeauty === true ? '“五美”庭院' : ''].filter(Boolean).join('，')}
        onOpen={open}
        addLabel="记人居环境检查"
        addForm={addForm(environment, environment.newDefaults?.(today, ctx.user.name))}
      />
      <RelatedList
        title="涉及的事件"
        def={incident}
        records={incidents}
        today={today}
        testId="household-incidents"
        onOpen={open}
        addLabel="上报事件"
        addForm={reportForm}
      />
      <RelatedList title="涉及的矛盾纠纷" def={dispute} records={disputes} today={today} testId="household-disputes" onOpen={open} />
    </>
  )
}
