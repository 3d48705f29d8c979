/**
 * 启动应急 with its first report (shared/liulian/firstReport.ts): the type, the grid where it
 * happened, where and what — one line is enough — then 确认启动并上报: the village goes into
 * emergency mode and a 突发性 incident goes up to 镇 in the same tap, offline too (it syncs when
 * the phone has signal). While the emergency runs, FirstReportLine shows that incident's state and
 * opens it in the grid ledger, where it is handled like any other.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { listRecords } from '../../../shared/ledger/ledgerDoc'
import { INCIDENT_STATE_LABELS, incidentStatus } from '../../../shared/ledger/workflows/incident'
import { EMERGENCY_TYPES, startEmergency, type Emergency, type EmergencyType } from '../../../shared/liulian/emergency'
import { startWithReport } from '../../../shared/liulian/firstReport'
import { listGrids } from '../../../shared/metaDoc'
import type { SectionProps } from '../components/sectionProps'
import { TextField } from '../components/TextField'
import type { FormErrors } from '../formErrors'
import { goTo, routePath, type Route } from '../hooks/useRoute'
import { useSyncState } from '../hooks/useSyncState'
import { GridChoice } from './GridChoice'
import { reportGrids } from './reportGrids'
import type { Liulian } from './useLiulian'

export function StartEmergency({ l, doc, props, today }: { l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  const sync = useSyncState(props.workspace)
  const offer = reportGrids({
    villageGrids: l.ledger.meta ? listGrids(l.ledger.meta) : null,
    canWrite: (gridId) => props.workspace.access.canWrite(docName({ kind: 'ledger', villageId: props.villageId, gridId })),
    opened: l.ledger.ledgerDocs,
    failed: l.ledger.errors.length > 0,
    everSynced: sync.lastSyncedAt !== null,
  })
  const opening = offer.kind === 'waiting'
  const grids = offer.kind === 'ready' ? offer.grids : []
  const [type, setType] = useState<EmergencyType>('防汛')
  const [confirming, setConfirming] = useState(false)
  const [report, setReport] = useState({ gridId: '', summary: '', location: '' })
  const [errors, setErrors] = useState<FormErrors>({})
  const gridId = report.gridId || (grids.length === 1 ? grids[0]!.id : '')
  if (!confirming)
    return (
      <p className="actions">
        <select value={type} onChange={(e) => setType(e.target.value as EmergencyType)} aria-label="应急类型">
          {EMERGENCY_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>{' '}
        <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="emergency-start">
          启动应急
        </button>
      </p>
    )
  return (
    <form
      data-testid="emergency-start-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const at = new Date().toISOString()
        // No grid ledger this user may write on this device (a village not yet divided into grids):
        // the emergency still starts at once; the first report goes by phone.
        if (opening) return
        if (grids.length === 0) return (startEmergency(doc, type, props.user.id, at), setConfirming(false))
        const result = startWithReport(doc, l.ledger.ledgerDocs.get(gridId), type, { ...report, gridId }, { id: props.user.id, name: props.user.name }, at, today)
        if (!result.ok) return setErrors(result.errors)
        setConfirming(false)
        setErrors({})
        setReport({ gridId: '', summary: '', location: '' })
      }}
    >
      <p>
        确认启动<strong>{type}</strong>应急？全村进入应急状态，各岗位开始点名
        {grids.length > 0 ? '；同时作为突发性事件第一时间上报镇。' : '。'}
      </p>
      {opening ? (
        <p className="muted" data-testid="emergency-opening">
          {offer.kind === 'waiting' && offer.fetching ? '本机尚未完成同步，正在获取本村网格，获取后即可随同上报…' : '正在打开网格台账，打开后即可随同上报…'}
        </p>
      ) : grids.length === 0 ? (
        <p className="due" data-testid="emergency-no-grid">
          本机没有可填写的网格台账，本次不能随同上报事件，请立即电话上报镇。
        </p>
      ) : (
        <>
          <GridChoice label="事发网格" grids={grids} value={gridId} onChange={(id) => setReport({ ...report, gridId: id })} error={errors.gridId} testId="emergency-grid" />
          <TextField label="发生了什么" value={report.summary} onChange={(summary) => setReport({ ...report, summary })} error={errors.summary} maxLength={200} placeholder="如 河水漫过二组村道，三户被困" testId="emergency-summary" />
          <TextField label="地点（选填）" value={report.location} onChange={(location) => setReport({ ...report, location })} error={errors.location} maxLength={200} testId="emergency-location" />
        </>
      )}
      <p className="actions">
        <button type="submit" className="danger" disabled={opening} data-testid="emergency-start-confirm">
          {opening ? '正在打开网格台账…' : grids.length > 0 ? '确认启动并上报' : '确认启动'}
        </button>{' '}
        {opening && (
          <button type="button" className="link" onClick={() => (startEmergency(doc, type, props.user.id, new Date().toISOString()), setConfirming(false))} data-testid="emergency-start-now">
            不等待，直接启动（请电话上报镇）
          </button>
        )}{' '}
        <button type="button" className="link" onClick={() => (setConfirming(false), setErrors({}))}>
          取消
        </button>
      </p>
    </form>
  )
}

/** The emergency's first report: the incident's state as the grid ledger on this device has it, a link to it. */
export function FirstReportLine({ emergency, l, villageId, today }: { emergency: Emergency; l: Liulian; villageId: string; today: string }) {
  const link = emergency.incident
  if (!link) return <p className="muted">本次应急启动时未随同上报事件。</p>
  const ledger = l.ledger.ledgerDocs.get(link.gridId)
  const record = ledger ? listRecords(ledger, 'incident', link.gridId).find((r) => r.id === link.recordId) : undefined
  const route: Route = { page: 'village', villageId, section: 'ledger', rest: ['incident', link.gridId, link.recordId] }
  const state = record ? incidentStatus(record, today) : null
  return (
    <p data-testid="emergency-first-report">
      首报：已作为突发性事件上报镇{state && `（${state.level}级 · ${INCIDENT_STATE_LABELS[state.state]}）`}。{' '}
      {record && (
        <a
          href={routePath(route)}
          onClick={(e) => {
            e.preventDefault()
            goTo(route)
          }}
        >
          查看事件，跟进处置
        </a>
      )}
    </p>
  )
}
