/**
 * A doc as it was at a time (GET /api/history/<doc>?asOf=), read-only: a grid ledger's records by
 * kind with their fields (masked as in the form), a meeting's minutes as their printed lines, and
 * any other doc as its plain content. It is a copy of its own, never synced, so nothing here can
 * change the doc; 恢复到此时 on the history list is the way back.
 */
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { formatShanghaiTime } from '../../../shared/civilDate'
import { parseDocName } from '../../../shared/docNames'
import { RECORD_KINDS } from '../../../shared/ledger/kinds'
import { listRecords } from '../../../shared/ledger/ledgerDoc'
import { minutesLines, readMinutes } from '../../../shared/minutes/canonical'
import { fetchDocAsOf } from '../api/history'
import type { ApiContext } from '../api/http'
import { shownValue } from '../ledger/recordChanges'

/** Every root type of a doc read from an update, as plain data (maps, arrays, text). */
function plainContent(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, type] of doc.share) {
    if (type._map.size > 0) out[name] = doc.getMap(name).toJSON()
    else if (type._start?.content instanceof Y.ContentString) out[name] = doc.getText(name).toString()
    else if (type._start) out[name] = doc.getArray(name).toJSON()
  }
  return out
}

function LedgerAsOf({ doc, docKind }: { doc: Y.Doc; docKind: 'ledger' | 'sensitive' }) {
  const kinds = RECORD_KINDS.filter((def) => def.doc === docKind)
  return (
    <>
      {kinds.map((def) => {
        const records = listRecords(doc, def.kind, '')
        if (records.length === 0) return null
        return (
          <section key={def.kind} data-testid={`as-of-${def.kind}`}>
            <h4>
              {def.label}（{records.length} 条）
            </h4>
            <ul className="as-of-records">
              {records.map((r) => (
                <li key={r.id}>
                  <strong>{def.title(r.values)}</strong>
                  <span className="muted small">
                    {' '}
                    {def.fields
                      .filter((f) => r.values[f.key] !== undefined && shownValue(f, r.values[f.key]) !== '')
                      .map((f) => `${f.label}：${shownValue(f, r.values[f.key])}`)
                      .join('；')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </>
  )
}

export function DocAsOf({ api, docName, at, onClose }: { api: ApiContext; docName: string; at: string; onClose(): void }) {
  const [doc, setDoc] = useState<Y.Doc | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    let loaded: Y.Doc | null = null
    setDoc(null)
    fetchDocAsOf(api, docName, at).then(
      (d) => (live ? setDoc((loaded = d)) : d.destroy()),
      (err: unknown) => live && setError(err instanceof Error ? err.message : '读取失败，请联网后再试'),
    )
    return () => {
      live = false
      loaded?.destroy()
    }
  }, [api, docName, at])
  const kind = parseDocName(docName)?.kind
  return (
    <section className="card as-of" data-testid="doc-as-of">
      <div className="as-of-head">
        <h3>{formatShanghaiTime(at)} 时的内容（只读）</h3>
        <button type="button" className="secondary" onClick={onClose} data-testid="doc-as-of-close">
          关闭
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!doc && !error && <p className="muted">正在读取…</p>}
      {doc && (kind === 'ledger' || kind === 'sensitive') && <LedgerAsOf doc={doc} docKind={kind} />}
      {doc && kind === 'minutes' && (
        <div className="as-of-minutes">
          {minutesLines(readMinutes(doc)).map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      )}
      {doc && kind !== 'ledger' && kind !== 'sensitive' && kind !== 'minutes' && <pre className="as-of-plain">{JSON.stringify(plainContent(doc), null, 2)}</pre>}
    </section>
  )
}
