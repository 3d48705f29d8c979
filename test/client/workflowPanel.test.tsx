/**
 * The workflow panel says when a record holds facts another device wrote that do not parse
 * (shared/facts.ts keeps them, never applies them), so a cadre knows the status may be missing a
 * step. Rendered to static markup, no browser needed.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WorkflowPanel } from '../../client/app/ledger/WorkflowPanel'
import type { KindDef } from '../../shared/ledger/kind'
import { kindDef } from '../../shared/ledger/kinds/index'
import { appendFact, createRecord, readRecord, recordsMap } from '../../shared/ledger/ledgerDoc'

function incidentWith(unreadable: boolean) {
  const doc = new Y.Doc()
  const def = kindDef('incident') as KindDef
  const id = createRecord(doc, def, { title: '路灯坏了' }, { id: 'u1', name: '张网格' }, '2026-03-01T08:00:00+08:00')
  appendFact(doc, 'incident', id, { action: 'report', by: 'u1', byName: '张网格', at: '2026-03-01T08:00:00+08:00' })
  if (unreadable) (recordsMap(doc, 'incident').get(id)?.get('_facts') as Y.Array<unknown>).push([{ id: 'bad1', by: 7, at: '2026-03-01T09:00:00+08:00' }])
  const record = readRecord('incident', 'g1', id, recordsMap(doc, 'incident').get(id))
  if (!record) throw new Error('no record')
  return { def, record }
}

const ACTOR = { id: 'u1', role: 'grid_worker' as const }
const ROSTER = { members: null, departed: new Set<string>(), error: null }

describe('WorkflowPanel', () => {
  it('says how many facts could not be read, and says nothing when all could', () => {
    const broken = incidentWith(true)
    const html = renderToStaticMarkup(<WorkflowPanel def={broken.def} record={broken.record} today="2026-03-02" readOnly actor={ACTOR} roster={ROSTER} onAct={() => undefined} />)
    expect(html).toContain('data-testid="workflow-unreadable"')
    expect(html).toContain('有 1 条办理记录无法读取')
    const fine = incidentWith(false)
    expect(renderToStaticMarkup(<WorkflowPanel def={fine.def} record={fine.record} today="2026-03-02" readOnly actor={ACTOR} roster={ROSTER} onAct={() => undefined} />)).not.toContain('workflow-unreadable')
  })
})
