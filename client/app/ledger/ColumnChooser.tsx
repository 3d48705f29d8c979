/** 显示列: tick the columns a desktop table shows (remembered per user, useColumnChoice.ts). */
import { useState } from 'react'

type Props = { options: readonly { key: string; label: string }[]; shown: readonly string[]; onChange(columns: string[] | null): void }

export function ColumnChooser({ options, shown, onChange }: Props) {
  const [open, setOpen] = useState(false)
  return (
    <div className="column-chooser">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="column-chooser">
        显示列（{shown.length}）
      </button>
      {open && (
        <fieldset className="card column-list" data-testid="column-list">
          <legend>选择要显示的列</legend>
          {options.map((o) => (
            <label key={o.key} className="check">
              <input
                type="checkbox"
                checked={shown.includes(o.key)}
                disabled={shown.length === 1 && shown.includes(o.key)}
                onChange={(e) => onChange(e.target.checked ? [...shown, o.key] : shown.filter((c) => c !== o.key))}
                data-testid={`column-${o.key}`}
              />
              {o.label}
            </label>
          ))}
          <div className="actions wrap">
            <button type="button" className="link" onClick={() => onChange(null)}>
              恢复默认
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              完成
            </button>
          </div>
        </fieldset>
      )}
    </div>
  )
}
