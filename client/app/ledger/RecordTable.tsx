/**
 * A table of one record kind across the grids the user may open: search, filters and a
 * virtualised body (only the rows on screen are in the DOM), so 16,000 residents scroll as
 * smoothly as 16 on a cheap phone.
 */
import type { CadencePeriod } from '../../../shared/settings/layer'
import { compareZh } from '../../../shared/collate'
import type { Departed } from '../../../shared/ledger/workflows/incident'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { DeadlineDays } from '../../../shared/settings/effective'
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import type { KindDef, LedgerRecord } from '../../../shared/ledger/kind'
import { recordStatus, searchText } from '../../../shared/ledger/status'
import type { LedgerGrid } from './useVillageLedger'
import { useIsPhone, useRootFontSize } from '../hooks/useViewport'
import { CARD_FIELDS } from './cardFields'
import { ColumnChooser } from './ColumnChooser'
import { cellText, columnLabel, type Lookup } from './lookup'
import { useColumnChoice } from './useColumnChoice'

type Props = {
  def: KindDef
  records: readonly LedgerRecord[]
  grids: readonly LedgerGrid[]
  today: string
  /** The default time limits in force (村级设置), for records without their own. */
  deadlines?: DeadlineDays
  /** How often a 公益设施 is to be inspected (村级设置), for its 本月未检查. */
  inspectEvery?: CadencePeriod
  lookup: Lookup
  onOpen(record: LedgerRecord): void
  /** Tools shown beside the filters (新增, 导入, 导出). */
  tools?: React.ReactNode
  /** A masked column was shown in full for these rows (for the audit log). */
  onReveal?(records: readonly LedgerRecord[], field: string): void
  /** Called with the rows as filtered, for export. */
  children?: (visible: readonly LedgerRecord[]) => React.ReactNode
  /** Whose column choice to remember (desktop); without it the kind's default columns show. */
  userId?: string
  /** Members who have left the village (the roster), whose incidents another member may check. */
  departed?: Departed
}

// Row heights in units of the root font size, so 适老化 large text gets taller rows, not clipped ones.
const ROW_EM = 2.6
const HEADER_EM = 2.35
const CARD_LINE_EM = 1.5
const CARD_PAD_EM = 1.3

export function RecordTable({ def, records, grids, today, deadlines, inspectEvery, lookup, onOpen, onReveal, tools, children, userId, departed }: Props) {
  const [query, setQuery] = useState('')
  const [gridId, setGridId] = useState('')
  const [tag, setTag] = useState('')
  const [status, setStatus] = useState<'' | 'open' | 'closed' | 'overdue'>('')
  const [reveal, setReveal] = useState(false)
  const deferredQuery = useDeferredValue(query.trim().toLowerCase())
  const tagField = def.fields.find((f) => f.type === 'tags')
  const gridName = useMemo(() => new Map(grids.map((g) => [g.id, g.name])), [grids])
  const showGrid = grids.length > 1
  const phone = useIsPhone()
  const fontSize = useRootFontSize()
  const defaults = [...def.columns, ...(def.workflow ? ['_status'] : []), ...(showGrid ? ['_grid'] : [])]
  const allowed = [...defaults, ...def.fields.map((f) => f.key), ...(def.derived ?? []).map((d) => d.key)].filter((c, i, all) => all.indexOf(c) === i)
  const [chosen, choose] = useColumnChoice(userId ?? '', def.kind, allowed, defaults)
  const columns = userId ? chosen : defaults
  const cardFields = CARD_FIELDS[def.kind] ?? def.columns.slice(1, 3)
  const hasMasked = def.fields.some((f) => f.masked && (phone ? cardFields : columns).includes(f.key))
  const cardLines = def.workflow ? 3 : 2
  const rowHeight = Math.round(fontSize * (phone ? CARD_LINE_EM * cardLines + CARD_PAD_EM : ROW_EM))
  const headerHeight = phone ? 0 : Math.round(fontSize * HEADER_EM)

  const sorted = useMemo(() => {
    const first = def.columns[0] ?? ''
    const key = (r: LedgerRecord) => String(r.values[first] ?? '')
    // Newest first for dated records (visits, disputes, incidents), else by the first column.
    const dated = def.fields.find((f) => f.key === first)?.type === 'date'
    return [...records].sort((a, b) => (dated ? compareZh(key(b), key(a)) : compareZh(key(a), key(b))) || (a.id < b.id ? -1 : 1))
  }, [records, def])

  const visible = useMemo(() => {
    const texts = searchCache(def)
    return sorted.filter((record) => {
      if (gridId && record.gridId !== gridId) return false
      if (tag && tagField && !(Array.isArray(record.values[tagField.key]) && (record.values[tagField.key] as string[]).includes(tag))) return false
      if (status) {
        const s = recordStatus(def, record, today, { deadlines, departed, inspectEvery })
        if (!s || (status === 'open' && !s.open) || (status === 'closed' && s.open) || (status === 'overdue' && !s.overdue)) return false
      }
      if (deferredQuery) {
        let text = texts.get(record)
        if (text === undefined) {
          text = searchText(def, record, lookup)
          texts.set(record, text)
        }
        if (!text.includes(deferredQuery)) return false
      }
      return true
    })
  }, [sorted, gridId, tag, tagField, status, deferredQuery, def, today, deadlines, inspectEvery, lookup, departed])

  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({ count: visible.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8, scrollMargin: headerHeight })
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, headerHeight])
  const template = columns.map((c) => columnWidth(def, c)).join(' ')

  return (
    <section className="record-table" data-testid={`table-${def.kind}`}>
      <div className="filters">
        <input type="search" placeholder="搜索姓名、地址、电话、身份证号…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="table-search" aria-label="搜索" />
        {showGrid && (
          <select value={gridId} onChange={(e) => setGridId(e.target.value)} aria-label="网格" data-testid="filter-grid">
            <option value="">全部网格</option>
            {grids.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
        {tagField?.type === 'tags' && (
          <select value={tag} onChange={(e) => setTag(e.target.value)} aria-label={tagField.label} data-testid="filter-tag">
            <option value="">全部{tagField.label}</option>
            {tagField.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        )}
        {def.workflow && (
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} aria-label="状态" data-testid="filter-status">
            <option value="">全部状态</option>
            <option value="open">未办结</option>
            <option value="closed">已办结</option>
            <option value="overdue">已超期</option>
          </select>
        )}
        {hasMasked && (
          <label className="inline">
            <input
              type="checkbox"
              checked={reveal}
              onChange={(e) => {
                setReveal(e.target.checked)
                const field = def.fields.find((f) => f.masked)
                if (e.target.checked && field && visible.length > 0) onReveal?.(visible, field.key)
              }}
              data-testid="reveal-ids"
            />{' '}
            显示完整证件号
          </label>
        )}
        {tools}
        {userId && !phone && <ColumnChooser options={allowed.map((c) => ({ key: c, label: headerLabel(def, c) }))} shown={columns} onChange={choose} />}
      </div>
      <p className="muted count" data-testid="table-count">
        共 {visible.length} 条{visible.length !== records.length ? `（全部 ${records.length} 条）` : ''}
      </p>
      <div className={phone ? 'table cards' : 'table'} role="table" aria-label={`${def.label}列表`} aria-rowcount={visible.length + (phone ? 0 : 1)}>
        <div className="tbody" ref={scroller}>
          {/* The header scrolls sideways with the rows and stays on top when scrolling down. */}
          {!phone && (
            <div className="tr th" role="row" style={{ gridTemplateColumns: template, height: headerHeight }}>
              {columns.map((c) => (
                <div key={c} role="columnheader">
                  {headerLabel(def, c)}
                </div>
              ))}
            </div>
          )}
          {visible.length === 0 && <p className="muted empty">{records.length === 0 ? `还没有${def.label}的记录。` : '没有符合条件的记录。'}</p>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const record = visible[item.index]!
              const s = def.workflow ? recordStatus(def, record, today, { deadlines, departed, inspectEvery }) : null
              return (
                <div
                  key={record.id}
                  className={phone ? 'record-card' : 'tr'}
                  role="row"
                  tabIndex={0}
                  data-testid="table-row"
                  style={phone ? { height: rowHeight, transform: `translateY(${item.start}px)` } : { gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start - headerHeight}px)` }}
                  onClick={() => onOpen(record)}
                  onKeyDown={(e) => e.key === 'Enter' && onOpen(record)}
                >
                  {phone && (
                    <>
                      <strong role="cell" className="card-title">
                        {def.title(record.values)}
                      </strong>
                      {s && (
                        <span role="cell" className="card-status" data-testid="card-status">
                          <StatusBadge label={s.label} overdue={s.overdue} conflicts={s.conflicts} />
                        </span>
                      )}
                      <span role="cell" className="card-fields muted">
                        {cardFields
                          .map((c) => cellText(def, record, c, today, lookup, reveal, records))
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </>
                  )}
                  {!phone &&
                    columns.map((c) => (
                      <div key={c} role="cell">
                        {c === '_grid' ? gridName.get(record.gridId) : c === '_status' ? <StatusBadge label={s?.label ?? ''} overdue={s?.overdue ?? false} conflicts={s?.conflicts ?? 0} /> : cellText(def, record, c, today, lookup, reveal, records)}
                      </div>
                    ))}
                </div>
              )
            })}
          </div>
        </div>
      </div>
      {children?.(visible)}
    </section>
  )
}

function headerLabel(def: KindDef, column: string): string {
  return column === '_status' ? '状态' : column === '_grid' ? '网格' : columnLabel(def, column)
}

/** A column wide enough for its kind of value, so an ID number never runs into its neighbour. */
function columnWidth(def: KindDef, column: string): string {
  if (column === '_status') return 'minmax(9rem, 1.2fr)'
  if (column === '_grid') return 'minmax(6rem, 0.8fr)'
  const field = def.fields.find((f) => f.key === column)
  switch (field?.type) {
    case 'idNumber':
      return 'minmax(12rem, 1fr)'
    case 'phone':
      return 'minmax(8.5rem, 1fr)'
    case 'date':
      return 'minmax(7rem, 0.8fr)'
    case 'tags':
      return 'minmax(10rem, 1.5fr)'
    case 'text':
      return field.max !== undefined && field.max <= 40 ? 'minmax(5rem, 0.8fr)' : 'minmax(10rem, 2fr)'
    default:
      return 'minmax(4.5rem, 0.7fr)'
  }
}

export function StatusBadge({ label, overdue, conflicts }: { label: string; overdue: boolean; conflicts: number }) {
  return (
    <span className="status">
      {label}
      {overdue && <span className="pill overdue">超期</span>}
      {conflicts > 0 && <span className="pill conflict">冲突</span>}
    </span>
  )
}

// Search text per record object: records are replaced when they change, so the cache stays right.
const caches = new Map<string, WeakMap<LedgerRecord, string>>()
function searchCache(def: KindDef): WeakMap<LedgerRecord, string> {
  let cache = caches.get(def.kind)
  if (!cache) {
    cache = new WeakMap()
    caches.set(def.kind, cache)
  }
  return cache
}
