/**
 * 各段执笔人: each paragraph of the minutes body with the people who wrote the text now in it, most
 * first, from the relay's attributed history (shared/minutes/paragraphAuthors.ts). Read when asked,
 * so it needs a connection; text typed on this device and not yet sent shows as 本机未同步.
 */
import { useState } from 'react'
import type * as Y from 'yjs'
import { bodyFragment } from '../../../shared/minutes/minutesDoc'
import { paragraphClients, paragraphWriters } from '../../../shared/minutes/paragraphAuthors'
import { fetchDocAuthors } from '../api/history'
import { errorText, type ApiContext } from '../api/http'

type Row = { text: string; writers: string[] }

export function ParagraphWriters({ api, docName, doc, userName }: { api: ApiContext; docName: string; doc: Y.Doc; userName: string }) {
  const [rows, setRows] = useState<Row[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  async function load() {
    setError(null)
    try {
      const names = await fetchDocAuthors(api, docName)
      // This session's own client id is not on the relay until its edits are: they are the user's own.
      if (!names.has(doc.clientID)) names.set(doc.clientID, `${userName}（本机未同步）`)
      setRows(paragraphClients(bodyFragment(doc)).map((p) => ({ text: p.text, writers: paragraphWriters(p, names) })))
    } catch (e) {
      setError(`无法取得执笔人：${errorText(e)}`)
    }
  }
  return (
    <section className="card" data-testid="paragraph-writers">
      <h3>各段执笔人</h3>
      <button type="button" className="secondary" onClick={() => void load()} data-testid="paragraph-writers-load">
        {rows ? '刷新' : '查看每一段是谁写的'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows?.length === 0 && <p className="muted">正文还是空的。</p>}
      {rows && rows.length > 0 && (
        <ol className="paragraph-writers">
          {rows.map((row, i) => (
            <li key={i} data-testid="paragraph-writer">
              <span className="muted">{row.text.length > 60 ? `${row.text.slice(0, 60)}…` : row.text || '（空段落）'}</span>
              <br />
              <strong>{row.writers.join('、') || '—'}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
