/**
 * Picks people and households (any ledger ref) by searching, never from a wall of buttons: type a
 * name, a 户编号 or some ID digits and the matches list below (a handful at a time, so a village
 * of 880 residents is no longer 14,000 px of page). With nothing typed it offers what was picked
 * recently on this device, then the records of the same grid. Chosen records show as chips that
 * can be removed. Keyboard: ↑/↓ to move, Enter to pick, Esc to close (ARIA combobox pattern).
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react'
import { rememberPick, recentPicks } from './recentPicks'

export type PickOption = {
  id: string
  label: string
  /** A second line that tells two 王芳 apart: 户编号, address, relation, masked ID number. */
  detail?: string
  /** Lower-case text searched (every field, full ID number included; it is never shown). */
  search?: string
  gridId?: string
}

type Props = {
  id?: string
  testId: string
  /** What is picked, for the recent list's key and the placeholder ("户", "人员"). */
  kind: string
  noun: string
  options: readonly PickOption[]
  value: readonly string[]
  multiple: boolean
  onChange(ids: string[]): void
  onBlur?(): void
  readOnly?: boolean | undefined
  invalid?: boolean
  /** Records of this grid come first when nothing is typed. */
  gridId?: string | null
}

const SHOWN = 8

export function RecordPicker({ id, testId, kind, noun, options, value, multiple, onChange, onBlur, readOnly, invalid, gridId }: Props) {
  const listId = useId()
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options])
  const matches = useMemo(() => rankOptions(options, query, value, recentPicks(kind), gridId ?? null), [options, query, value, kind, gridId])
  const shown = matches.slice(0, SHOWN)

  const pick = (option: PickOption) => {
    rememberPick(kind, option.id)
    onChange(multiple ? [...value, option.id] : [option.id])
    setQuery('')
    setActive(0)
    if (!multiple) setOpen(false)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setOpen(true)
      setActive((a) => Math.max(0, Math.min(shown.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))))
    } else if (e.key === 'Enter' && open && shown[active]) {
      e.preventDefault()
      pick(shown[active])
    } else if (e.key === 'Escape') setOpen(false)
  }

  return (
    <div className="picker" data-testid={testId}>
      {value.length > 0 && (
        <ul className="picked" aria-label={`已选${noun}`}>
          {value.map((v) => (
            <li key={v} className="chip on" data-testid={`${testId}-picked`}>
              <span>{byId.get(v)?.label ?? '（已删除或无权查看）'}</span>
              {!readOnly && (
                <button type="button" className="remove" aria-label={`移除 ${byId.get(v)?.label ?? ''}`} onClick={() => onChange(value.filter((x) => x !== v))}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (multiple || value.length === 0) && (
        <div className="picker-search">
          <input
            id={id}
            type="search"
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && shown[active] ? `${listId}-${shown[active].id}` : undefined}
            aria-invalid={invalid ? true : undefined}
            autoComplete="off"
            placeholder={`输入姓名、户编号或身份证号查找${noun}`}
            value={query}
            data-testid={`${testId}-search`}
            onChange={(e) => {
              setQuery(e.target.value)
              setActive(0)
              setOpen(true)
            }}
            onFocus={() => setOpen(true)}
            onBlur={(e) => {
              // A tap on an option blurs the input first; keep the list until the tap lands.
              if (!e.relatedTarget?.closest(`#${CSS.escape(listId)}`)) setOpen(false)
              onBlur?.()
            }}
            onKeyDown={onKeyDown}
          />
          {open && (
            <ul id={listId} role="listbox" className="picker-list" aria-label={`可选${noun}`}>
              {shown.length === 0 && <li className="muted empty">{query ? `没有找到「${query}」` : `没有可选的${noun}`}</li>}
              {shown.map((option, i) => (
                <li key={option.id} id={`${listId}-${option.id}`} role="option" aria-selected={i === active}>
                  <button type="button" tabIndex={-1} className={i === active ? 'option active' : 'option'} data-testid={`${testId}-option`} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(option)}>
                    <strong>{option.label}</strong>
                    {option.detail && <span className="muted small">{option.detail}</span>}
                  </button>
                </li>
              ))}
              {matches.length > SHOWN && <li className="muted small more">还有 {matches.length - SHOWN} 条，请输入更多字缩小范围</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}

/**
 * Matches in order: every typed word must appear in the option's text. With nothing typed:
 * recently picked first, then the same grid, then by label. Already picked ones are left out.
 */
export function rankOptions(options: readonly PickOption[], query: string, picked: readonly string[], recent: readonly string[], gridId: string | null): PickOption[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const taken = new Set(picked)
  const recentRank = new Map(recent.map((id, i) => [id, i]))
  const found = options.filter((o) => !taken.has(o.id) && words.every((w) => (o.search ?? o.label.toLowerCase()).includes(w)))
  const score = (o: PickOption) => [recentRank.get(o.id) ?? recent.length, gridId && o.gridId !== gridId ? 1 : 0] as const
  return found.sort((a, b) => {
    const [ra, ga] = score(a)
    const [rb, gb] = score(b)
    return ra - rb || ga - gb || a.label.localeCompare(b.label, 'zh-CN')
  })
}
