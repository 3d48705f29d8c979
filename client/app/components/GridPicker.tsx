/**
 * Grid assignments for one membership: a checkbox per grid of the village (from its meta doc,
 * opened through the engine) and 新增网格 (name + code), written into that doc like any edit.
 */
import { useState } from 'react'
import { docName } from '../../../shared/docNames'
import { useDoc, type DocHandle, type DocOpener } from '../hooks/useDoc'
import { addGrid } from '../../../shared/metaDoc'
import { gridsView } from '../../workspace/views'
import { useOptionalStore } from '../hooks/useStore'

type Props = { engine: DocOpener<DocHandle>; villageId: string; selected: string[]; onChange(gridIds: string[]): void }

export function GridPicker({ engine, villageId, selected, onChange }: Props) {
  const state = useDoc(engine, docName({ kind: 'meta', villageId }))
  const meta = state.status === 'ready' ? state.handle.doc : null
  const grids = useOptionalStore(meta ? gridsView(meta) : null, [])
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((g) => g !== id))

  if (state.status === 'loading') return <p className="muted">正在读取网格…</p>
  if (state.status === 'error') return <p className="error">{state.message}</p>
  return (
    <fieldset className="grids" data-testid="grid-picker">
      <legend>负责网格</legend>
      {grids.length === 0 && <p className="muted">这个村还没有网格。</p>}
      {grids.map((g) => (
        <label key={g.id} className="check">
          <input type="checkbox" checked={selected.includes(g.id)} onChange={(e) => toggle(g.id, e.target.checked)} data-testid="grid-check" data-grid-code={g.code} />
          {g.code} {g.name}
        </label>
      ))}
      <NewGridForm onAdd={(grid) => meta && addGrid(meta, grid)} />
    </fieldset>
  )
}

export function NewGridForm({ onAdd }: { onAdd(grid: { name: string; code: string }): void }) {
  const [name, setName] = useState('')
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = () => {
    if (!name.trim() || !code.trim()) {
      setError('请填写网格名称和编号')
      return
    }
    onAdd({ name: name.trim(), code: code.trim() })
    setName('')
    setCode('')
    setError(null)
  }
  return (
    <div className="inline-form">
      <input placeholder="网格编号" value={code} maxLength={16} onChange={(e) => setCode(e.target.value)} data-testid="new-grid-code" aria-label="网格编号" />
      <input placeholder="网格名称" value={name} maxLength={32} onChange={(e) => setName(e.target.value)} data-testid="new-grid-name" aria-label="网格名称" />
      <button type="button" className="secondary" onClick={submit} data-testid="new-grid-submit">
        新增网格
      </button>
      {error && <p className="error">{error}</p>}
    </div>
  )
}
