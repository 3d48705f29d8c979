/**
 * One kind's table page: back to the dashboard, 新增, 导入 (households and residents), the table
 * across the user's grids, and export of the rows as filtered.
 */
import { useMemo, useState } from 'react'
import type * as Y from 'yjs'
import { docName } from '../../../shared/docNames'
import { profileMap } from '../../../shared/metaDoc'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import type { LedgerContext } from './context'
import { actorOf, writable } from './context'
import { ExportButtons } from './ExportButtons'
import { ImportPanel } from './ImportPanel'
import { RecordTable } from './RecordTable'
import { KeepFirstScreen } from './FirstScreen'

const IMPORTABLE = new Set(['household', 'resident'])

export function KindTable(ctx: LedgerContext & { def: KindDef; onBack(): void }) {
  const { def, ledger, go } = ctx
  const [importing, setImporting] = useState(false)
  const grids = ledger.grids.filter((g) => (def.doc === 'ledger' ? g.ledger : g.sensitive) !== 'none')
  const writableGrids = grids.filter((g) => writable(ctx, def.doc, g.id))
  const writableIds = writableGrids.map((g) => g.id).join()
  const importDocs = useMemo(() => openDocs(writableIds, ledger.ledgerDocs), [writableIds, ledger.ledgerDocs])
  // Only sensitive docs the user may write: care categories are imported there or not at all.
  const sensitiveIds = ledger.grids.filter((g) => writable(ctx, 'sensitive', g.id)).map((g) => g.id).join()
  const importSensitive = useMemo(() => openDocs(sensitiveIds, ledger.sensitiveDocs), [sensitiveIds, ledger.sensitiveDocs])
  if (grids.length === 0) return <p className="error">你没有查看{def.label}的权限。</p>
  const canAdd = writableGrids.length > 0
  const records = ledger.index.records(def.kind)
  const report = (shown: readonly LedgerRecord[], field: string) => {
    const byGrid = new Map<string, string[]>()
    for (const r of shown) {
      const ids = byGrid.get(r.gridId) ?? []
      ids.push(r.id)
      byGrid.set(r.gridId, ids)
    }
    for (const [gridId, recordIds] of byGrid) ctx.workspace.reportReveal({ docName: docName({ kind: def.doc, villageId: ctx.villageId, gridId }), kind: shown[0]?.kind ?? def.kind, field, recordIds })
  }
  const masked = def.fields.find((f) => f.masked)
  const villageName = (ledger.meta ? profileMap(ledger.meta).get('name') : undefined) || ctx.membership?.villageName || ''
  // The device's copy of the first screen is written from the whole table only (every grid open).
  const keepFirstScreen = def.doc === 'ledger' && ledger.opening === 0 && ledger.ledgerDocs.size >= ledger.grids.length
  if (importing) return <ImportPanel grids={writableGrids} docs={importDocs} sensitiveDocs={importSensitive} meta={ledger.meta} actor={actorOf(ctx)} today={ctx.today} onClose={() => setImporting(false)} />
  return (
    <>
      <button type="button" className="link back" onClick={ctx.onBack} data-testid="ledger-home">
        ‹ 台账首页
      </button>
      <h2>
        {def.label}
        {def.sensitivity === 'P3' && <span className="pill sensitive">敏感</span>}
      </h2>
      <RecordTable
        def={def}
        records={records}
        grids={grids}
        today={ctx.today}
        deadlines={ctx.deadlines}
        inspectEvery={ctx.settings.facilityInspection.value}
        lookup={ctx.lookup}
        onOpen={(record) => go([def.kind, record.gridId, record.id])}
        onReveal={report}
        userId={ctx.user.id}
        departed={ctx.roster.departed}
        tools={
          canAdd && (
            <>
              <button type="button" className="secondary" data-testid="record-new" onClick={() => go([def.kind, 'new'])}>
                新增{def.label}
              </button>
              {IMPORTABLE.has(def.kind) && (
                <button type="button" className="secondary" data-testid="record-import" onClick={() => setImporting(true)}>
                  从 Excel 导入
                </button>
              )}
            </>
          )
        }
      >
        {(visible) => (
          <>
            {keepFirstScreen && visible.length === records.length && <KeepFirstScreen workspace={ctx.workspace} villageId={ctx.villageId} def={def} visible={visible} total={records.length} grids={grids} lookup={ctx.lookup} />}
            <ExportButtons
              kind={def}
              records={visible}
              all={records}
              lookup={ctx.lookup}
              today={ctx.today}
              canReveal
              village={villageName}
              grids={grids}
              record={(kind, id) => ledger.index.get(kind, id)}
              roster={IMPORTABLE.has(def.kind) ? { households: ledger.index.records('household'), residents: ledger.index.records('resident') } : undefined}
              onRevealExport={(rows) => {
                const field = rows[0]?.kind === 'resident' ? 'idNumber' : masked?.key
                if (field) report(rows, field)
              }}
            />
          </>
        )}
      </RecordTable>
    </>
  )
}

/** The open docs of the grids listed (comma-separated ids, so the memo keys on content). */
function openDocs(ids: string, open: ReadonlyMap<string, Y.Doc>): Map<string, Y.Doc> {
  const docs = new Map<string, Y.Doc>()
  for (const id of ids.split(',')) {
    const doc = open.get(id)
    if (doc) docs.set(id, doc)
  }
  return docs
}
