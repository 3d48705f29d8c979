/**
 * 启动应急 sends the first report up at once (seed 003 §4 「突发性工作…网格员立即上报…现场跟踪」;
 * seed 004 平急结合; DOMAIN.md story 16: 「an incident record starts with timestamps, and the first
 * report goes up immediately」). Starting an emergency writes, in the same tap:
 * - an 事件 in the ledger of the grid where it happened — 突发性, 须第一时间上报, today, the user as
 *   报告人 — through the ledger's own validation and record path;
 * - its 上报 to 镇 (突发性 goes straight to the township; the user tracks it on site), so the
 *   township inbox lists it first among the urgent ones (townshipInbox.ts);
 * - the start fact in the 六联 doc, naming the incident, so the emergency card links to it.
 * The incident then goes round its closed loop in the ledger like any other; 结束应急 does not close it.
 */
import type * as Y from 'yjs'
import { incident } from '../ledger/kinds/incident.js'
import { appendFact, createRecord, type Actor } from '../ledger/ledgerDoc.js'
import { validateRecord } from '../ledger/validate.js'
import { addEmergencyFact, type EmergencyType } from './emergency.js'
import { newId } from '../ids.js'

/** What the person starting the emergency says of it: where, and what happened. */
export type FirstReport = { gridId: string; summary: string; location: string }

const CATEGORY: Record<EmergencyType, string> = { 防汛: '自然灾害', 火灾: '消防安全', 地质灾害: '自然灾害', 公共卫生: '民生服务', 安全生产: '消防安全', 群体性事件: '信访维稳', 其他: '其他' }

/** The ledger values of the incident an emergency starts with (checked by the ledger's validation before writing). */
export function firstReportValues(type: EmergencyType, report: FirstReport, reporter: string, today: string): Record<string, unknown> {
  const summary = report.summary.trim()
  return {
    title: `${type}应急：${summary}`.slice(0, 100),
    description: `启动${type}应急，第一时间上报。${summary}`,
    occurredAt: today,
    channel: '网格巡查',
    workType: '突发性',
    mustReport: true,
    category: CATEGORY[type],
    location: report.location.trim(),
    reporter: reporter.slice(0, 40),
  }
}

export type StartResult = { ok: true; emergencyId: string; recordId: string } | { ok: false; errors: Record<string, string> }

/**
 * Starts the emergency with its first report. Nothing is written unless the report is complete:
 * a grid, and a summary the ledger accepts.
 */
export function startWithReport(liulian: Y.Doc, ledger: Y.Doc | undefined, type: EmergencyType, report: FirstReport, actor: Actor, at: string, today: string): StartResult {
  const errors: Record<string, string> = {}
  if (!report.gridId || !ledger) errors.gridId = '请选择事发网格'
  if (report.summary.trim() === '') errors.summary = '请简要说明发生了什么（如 河水漫过二组村道）'
  else if (report.summary.trim().length > 200) errors.summary = '情况简述不能超过 200 个字，详细情况可在处置记录里补充'
  if (report.location.trim().length > 200) errors.location = '地点不能超过 200 个字'
  if (Object.keys(errors).length > 0 || !ledger) return { ok: false, errors }
  const checked = validateRecord(incident, firstReportValues(type, report, actor.name, today), today)
  if (!checked.ok) return checked
  const recordId = createRecord(ledger, incident, checked.values, actor, at)
  appendFact(ledger, 'incident', recordId, { action: 'escalate', by: actor.id, byName: actor.name, at, note: `启动${type}应急，第一时间上报镇` })
  const emergencyId = newId()
  addEmergencyFact(liulian, { kind: 'start', emergencyId, type, at, by: actor.id, incident: { gridId: report.gridId, recordId } })
  return { ok: true, emergencyId, recordId }
}
