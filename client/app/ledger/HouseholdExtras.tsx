/** A household's page (一户一档): its members, its visits (民情日记), its 人居环境检查, and incidents and disputes that involve it. */
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { text } from '../../../shared/ledger/kind'
import { createRecord } from '../../../shared/ledger/ledgerDoc'
import { environmentStatus, failedItems } from '../../../shared/ledger/environment'
import { dispute } from '../../../shared/ledger/kinds/dispute'
import { environment } from '../../../shared/ledger/kinds/environment'
import { incident } from '../../../shared/ledger/kinds/incident'
import { resident } from '../../../shared/ledger/kinds/resident'
import { visit } from '../../../shared/ledger/kinds/visit'
import { actorOf, docFor, writable, type LedgerContext } from './context'
import { refChoices } from './lookup'
import { RecordForm } from './RecordForm'
import { RelatedList } from './RelatedList'

export function HouseholdExtras(ctx: LedgerContext & { household: LedgerRecord }) {
  const { household, ledger, go, today } = ctx
  const gridId = household.gridId
  const doc = docFor(ctx, 'ledger', gridId)
  const canWrite = writable(ctx, 'ledger', gridId)
  const members = ledger.index.records('resident').filter((r) => text(r.values, 'householdId') === household.id)
  const memberIds = new Set(members.map((m) => m.id))
  const visits = ledger.index
    .records('visit')
    .filter((v) => text(v.values, 'householdId') === household.id)
    .sort((a, b) => (text(a.values, 'date') < text(b.values, 'date') ? 1 : -1))
  const checks = ledger.index
    .records('environment')
    .filter((c) => text(c.values, 'householdId') === household.id)
    .sort((a, b) => (text(a.values, 'date') < text(b.values, 'date') ? 1 : -1))
  const incidents = ledger.index.records('incident').filter((r) => Array.isArray(r.values.householdIds) && (r.values.householdIds as string[]).includes(household.id))
  const disputes = ledger.index.records('dispute').filter((r) => Array.isArray(r.values.partyIds) && (r.values.partyIds as string[]).some((id) => memberIds.has(id)))
  const open = (record: LedgerRecord) => go([record.kind, record.gridId, record.id])
  const refOptions = (kind: string) => refChoices(ledger.index, kind, gridId)
  // A new member, visit or check of this household: the household filled in, the rest to enter.
  const addForm = (def: KindDef, defaults?: Record<string, unknown>) =>
    canWrite && doc
      ? (close: () => void) => (
          <RecordForm
            def={def}
            fixed={{ householdId: household.id }}
            {...(defaults ? { defaults } : {})}
            today={today}
            refOptions={refOptions}
            onCreate={(values) => {
              createRecord(doc, def, values, actorOf(ctx), new Date().toISOString())
              close()
            }}
            onCancel={close}
          />
        )
      : undefined

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
        detail={(r) => [environmentStatus(r.values, today), failedItems(r.values).join('、'), r.values.fiveBeauty === true ? '“五美”庭院' : ''].filter(Boolean).join('，')}
        onOpen={open}
        addLabel="记人居环境检查"
        addForm={addForm(environment, environment.newDefaults?.(today, ctx.user.name))}
      />
      <RelatedList title="涉及的事件" def={incident} records={incidents} today={today} testId="household-incidents" onOpen={open} />
      <RelatedList title="涉及的矛盾纠纷" def={dispute} records={disputes} today={today} testId="household-disputes" onOpen={open} />
    </>
  )
}
