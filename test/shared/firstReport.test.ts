/** 启动应急 sends the first report up: a 突发性 incident in the grid's ledger, at 镇 at once, first in the township inbox; nothing written when the report is incomplete. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createRecord, listRecords } from '../../shared/ledger/ledgerDoc.js'
import { incident } from '../../shared/ledger/kinds/incident.js'
import { incidentStatus } from '../../shared/ledger/workflows/incident.js'
import { townshipInbox } from '../../shared/ledger/townshipInbox.js'
import { activeEmergency, emergencyReport, readEmergencies, startEmergency } from '../../shared/liulian/emergency.js'
import { startWithReport } from '../../shared/liulian/firstReport.js'

const ACTOR = { id: 'u-sec', name: '王书记' }
const AT = '2026-07-10T01:00:00.000Z'
const TODAY = '2026-07-10'

describe('启动应急 with its first report', () => {
  it('writes a 突发性 incident reported straight to 镇, tracked by whoever started, and links it from the emergency', () => {
    const liulian = new Y.Doc()
    const ledger = new Y.Doc()
    const result = startWithReport(liulian, ledger, '防汛', { gridId: 'g1', summary: ' 河水漫过二组村道，三户被困 ', location: '二组河堤' }, ACTOR, AT, TODAY)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const [record] = listRecords(ledger, 'incident', 'g1')
    expect(record!.id).toBe(result.recordId)
    expect(record!.values).toMatchObject({ title: '防汛应急：河水漫过二组村道，三户被困', workType: '突发性', mustReport: true, category: '自然灾害', location: '二组河堤', reporter: '王书记', occurredAt: TODAY, channel: '网格巡查' })
    const status = incidentStatus(record!, TODAY)
    expect(status).toMatchObject({ state: 'escalated', level: '镇', tracker: 'u-sec', trackerName: '王书记', atTownshipSince: AT })
    expect(activeEmergency(liulian)).toMatchObject({ id: result.emergencyId, type: '防汛', startedAt: AT, incident: { gridId: 'g1', recordId: result.recordId } })
    expect(emergencyReport(readEmergencies(liulian)[0]!, [], 0)).toContain('首报：启动时已作为突发性事件上报镇')
  })

  it('puts the first report ahead of older matters in the township inbox, marked 突发', () => {
    const liulian = new Y.Doc()
    const ledger = new Y.Doc()
    const older = createRecord(ledger, incident, { title: '路灯不亮', description: '三组路灯坏了', occurredAt: '2026-07-01', channel: '网格巡查', workType: '协调性', reporter: '张网格' }, { id: 'u-g', name: '张网格' }, '2026-07-01T01:00:00.000Z')
    const oldRecord = listRecords(ledger, 'incident', 'g1').find((r) => r.id === older)!
    expect(oldRecord).toBeDefined()
    const result = startWithReport(liulian, ledger, '火灾', { gridId: 'g1', summary: '后山起火', location: '' }, ACTOR, AT, TODAY)
    if (!result.ok) throw new Error('should start')
    const inbox = townshipInbox([{ villageId: 'v', villageName: '青石村', incidents: listRecords(ledger, 'incident', 'g1'), disputes: [] }], TODAY)
    expect(inbox[0]).toMatchObject({ urgent: '突发', state: 'waiting', title: '火灾应急：后山起火', arrivedAt: AT })
  })

  it('writes nothing without a grid or a line of what happened, and says so in Chinese', () => {
    const liulian = new Y.Doc()
    const ledger = new Y.Doc()
    expect(startWithReport(liulian, undefined, '防汛', { gridId: '', summary: '  ', location: '' }, ACTOR, AT, TODAY)).toEqual({ ok: false, errors: { gridId: '请选择事发网格', summary: '请简要说明发生了什么（如 河水漫过二组村道）' } })
    expect(startWithReport(liulian, ledger, '防汛', { gridId: 'g1', summary: '水'.repeat(201), location: '' }, ACTOR, AT, TODAY)).toMatchObject({ ok: false, errors: { summary: expect.stringContaining('不能超过 200 个字') } })
    expect(readEmergencies(liulian)).toEqual([])
    expect(listRecords(ledger, 'incident', 'g1')).toEqual([])
  })

  it('an emergency started before first reports existed reads as having none', () => {
    const liulian = new Y.Doc()
    startEmergency(liulian, '其他', 'u', AT)
    expect(activeEmergency(liulian)?.incident).toBeNull()
    expect(emergencyReport(activeEmergency(liulian)!, [], 0)).toContain('首报：未随启动上报')
  })
})
