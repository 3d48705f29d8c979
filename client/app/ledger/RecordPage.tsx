/**
 * One record: its generated form (saving only what changed), its workflow when it has one, and
 * what hangs off it — a household's members, visits, incidents and disputes; a resident's
 * special-population and care records for those allowed to see them.
 */
import { uniquenessErrors } from '../../../shared/ledger/uniqueness'
import { useState } from 'react'
import { docName } from '../../../shared/docNames'
import type { KindDef } from '../../../shared/ledger/kind'
import { appendFact, removeRecord, updateRecord } from '../../../shared/ledger/ledgerDoc'
import { actorOf, docFor, writable, type LedgerContext } from './context'
import { HouseholdExtras } from './HouseholdExtras'
import { refChoices } from './lookup'
import { RecordForm } from './RecordForm'
import { RecordHistory } from './RecordHistory'
import { ResidentExtras } from './ResidentExtras'
import { PlaceExtras } from './PlaceExtras'
import { WorkflowPanel } from './WorkflowPanel'
import { PatrolFindings } from './PatrolFindings'
import { EnvironmentResult } from './EnvironmentCard'
import { HandOverPanel, MovedNotice } from './HandOverPanel'
import { movedTo } from '../../../shared/ledger/handOver'
import { AttachmentsPanel } from '../attachments/AttachmentsPanel'
import { recordOwner } from '../../../shared/attachments/links'

export function RecordPage(ctx: LedgerContext & { def: KindDef; gridId: string; id: string }) {
  const { def, ledger, gridId, id, go } = ctx
  const record = ledger.index.get(def.kind, id)
  const doc = docFor(ctx, def.doc, gridId)
  const canWrite = writable(ctx, def.doc, gridId)
  const [confirmRemove, setConfirmRemove] = useState(false)
  const back = (
    <button type="button" className="link back" onClick={() => go([def.kind])} data-testid="record-back">
      ‹ {def.label}列表
    </button>
  )
  if (!record || !doc) {
    const moved = doc ? movedTo(doc, def.kind, id) : []
    return (
      <>
        {back}
        {doc && moved.length > 0 ? (
          <MovedNotice {...ctx} doc={doc} />
        ) : (
          <p className={ledger.opening > 0 ? 'muted' : 'error'}>{ledger.opening > 0 ? '正在打开…' : '这条记录不存在、已删除，或你无权查看。'}</p>
        )}
      </>
    )
  }
  const grid = ledger.grids.find((g) => g.id === gridId)
  return (
    <>
      {back}
      <h2 data-testid="record-title">
        {def.title(record.values)}
        <span className="muted small">
          {' '}
          {def.label} · {grid?.name}
        </span>
      </h2>
      {def.kind === 'environment' && <EnvironmentResult check={record} checks={ctx.ledger.index.records('environment')} today={ctx.today} />}
      {!canWrite && <p className="muted">只读：你可以查看，但不能修改这条记录。</p>}
      <RecordForm
        def={def}
        initial={record.values}
        today={ctx.today}
        readOnly={!canWrite}
        refOptions={(kind) => refChoices(ledger.index, kind, gridId)}
        members={ctx.roster.members}
        check={(values) => uniquenessErrors(def.kind, values, ledger.index.records(def.kind), id, (r) => `${def.title(r.values)}`)}
        onUpdate={(patch) => updateRecord(doc, def.kind, id, patch)}
        onReveal={(field) => ctx.workspace.reportReveal({ docName: docName({ kind: def.doc, villageId: ctx.villageId, gridId }), kind: def.kind, field, recordIds: [id] })}
      />
      {def.workflow && (
        <WorkflowPanel
          def={def}
          record={record}
          today={ctx.today}
          deadlines={ctx.deadlines}
          inspectEvery={ctx.settings.facilityInspection.value}
          readOnly={!canWrite}
          actor={{ id: ctx.user.id, role: ctx.membership?.role ?? ctx.user.role }}
          roster={ctx.roster}
          onAct={(action, note, data) => appendFact(doc, def.kind, id, { action, by: ctx.user.id, byName: ctx.user.name, at: new Date().toISOString(), ...(note ? { note } : {}), ...(data ? { data } : {}) })}
        />
      )}
      {def.kind === 'patrol' && <PatrolFindings {...ctx} record={record} doc={doc} canWrite={canWrite} />}
      <HandOverPanel {...ctx} doc={doc} />
      <AttachmentsPanel
        workspace={ctx.workspace}
        villageId={ctx.villageId}
        docName={docName({ kind: def.doc, villageId: ctx.villageId, gridId })}
        doc={doc}
        owner={recordOwner(def.kind, id)}
        label={`${grid?.name ?? ''} · ${def.label}`}
        canWrite={canWrite}
      />
      {def.kind === 'household' && <HouseholdExtras {...ctx} household={record} />}
      {def.kind === 'resident' && <ResidentExtras {...ctx} resident={record} />}
      {def.kind === 'place' && <PlaceExtras {...ctx} place={record} />}
      <RecordHistory api={ctx.api} docName={docName({ kind: def.doc, villageId: ctx.villageId, gridId })} def={def} id={id} mayRestore={canWrite} />
      {canWrite && (
        <div className="actions danger-zone">
          {confirmRemove ? (
            <>
              <span>确定删除这条{def.label}记录？</span>
              <button
                type="button"
                className="danger"
                data-testid="record-remove-confirm"
                onClick={() => {
                  removeRecord(doc, def.kind, id, actorOf(ctx), new Date().toISOString())
                  go([def.kind])
                }}
              >
                删除
              </button>
              <button type="button" className="secondary" onClick={() => setConfirmRemove(false)}>
                取消
              </button>
            </>
          ) : (
            <button type="button" className="link" data-testid="record-remove" onClick={() => setConfirmRemove(true)}>
              删除记录
            </button>
          )}
        </div>
      )}
    </>
  )
}
