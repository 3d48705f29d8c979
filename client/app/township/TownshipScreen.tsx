/**
 * 全镇统计 (issue #16 item 1): every village and grid for a chosen month, quarter, half-year or
 * year. The relay computes the figures (server/routes/reports.ts); this device keeps the last
 * answer per period in the user's IndexedDB (CachedValue), so the figures show offline without
 * the device holding any village's ledger. Every count opens the records behind it: links into
 * the village ledger, which opens them for whoever may (the township admin may).
 */
import { useMemo, useState } from 'react'
import { TOWNSHIP_SCOPE, townshipDashboardSchema, type TownshipDashboard } from '../../../shared/api/reports'
import { townshipFigures } from '../../../shared/liulian/figures'
import { sumEnvironmentFigures } from '../../../shared/ledger/environment'
import { sumFacilityFigures } from '../../../shared/ledger/facilities'
import { sumPatrolFigures } from '../../../shared/ledger/patrol'
import { ENVIRONMENT_NOTE, ENVIRONMENT_ROWS, FACILITY_NOTE, FACILITY_ROWS, PATROL_NOTE, PATROL_ROWS, shownColumns } from '../../../shared/reports/sheetLayout'
import { formatShanghaiMinute, shanghaiDate } from '../../../shared/civilDate'
import { parseReportPeriod, REPORT_KIND_LABELS, reportPeriodKey, reportPeriodLabel, type ReportPeriodKind } from '../../../shared/reports/reportPeriod'
import type { Workspace } from '../../workspace/workspace'
import { errorText, type ApiContext } from '../api/http'
import { useCachedValue } from '../hooks/useCachedValue'
import { downloadBlob, safeFileName } from '../ledger/download'
import { reportFile, townshipDashboard } from './api'
import { FIGURE_COLUMNS, LIULIAN_COLUMNS, rateText } from './figureColumns'
import { RecordsBehind, type Drill } from './RecordsBehind'
import { ReportPanel } from './ReportPanel'
import { PeriodPicker } from '../components/PeriodPicker'

type Props = { api: ApiContext; workspace: Workspace; onOpenRecord(villageId: string, kind: string, gridId: string, id: string): void }

const KIND_PICK: Record<ReportPeriodKind, string> = { month: '按月', quarter: '按季度', half: '按半年', year: '按年' }

export function TownshipScreen({ api, workspace, onOpenRecord }: Props) {
  const today = useMemo(() => shanghaiDate(), [])
  const [kind, setKind] = useState<ReportPeriodKind>('month')
  const [anchor, setAnchor] = useState(today)
  const key = reportPeriodKey(kind, anchor)
  const period = parseReportPeriod(key)!
  const { value, error, loading } = useCachedValue(workspace, { key: `township-dashboard:${key}`, schema: townshipDashboardSchema, fetch: () => townshipDashboard(api, key) }, [api])
  const [drill, setDrill] = useState<Drill | null>(null)
  const [downloadError, setDownloadError] = useState<string | null>(null)
  const running = period.end >= today

  const download = async (format: 'xlsx' | 'docx') => {
    setDownloadError(null)
    try {
      downloadBlob(await reportFile(api, TOWNSHIP_SCOPE, key, format), safeFileName(`全镇${reportPeriodLabel(period)}${REPORT_KIND_LABELS[kind]}.${format}`))
    } catch (err) {
      setDownloadError(`下载失败：${errorText(err)}`)
    }
  }

  return (
    <main className="screen wide" data-testid="township-dashboard">
      <h1>全镇统计</h1>
      <section className="card no-print">
        <PeriodPicker kind={kind} period={period} kindLabels={KIND_PICK} ariaLabel="统计周期" testId="township" onKind={setKind} onAnchor={setAnchor}>
          <button type="button" className="secondary" onClick={() => void download('xlsx')} data-testid="township-xlsx">
            下载{REPORT_KIND_LABELS[kind]}（Excel）
          </button>
          <button type="button" className="secondary" onClick={() => void download('docx')} data-testid="township-docx">
            下载{REPORT_KIND_LABELS[kind]}（Word）
          </button>
        </PeriodPicker>
        {downloadError && (
          <p className="error" role="alert">
            {downloadError}
          </p>
        )}
        {value && (
          <p className="muted small" data-testid="township-as-of">
            {value.start} 至 {value.asOf}
            {running ? '（本期进行中，超期、积案、隐患、待走访为今日数）' : '（超期、积案、隐患、待走访为期末数）'}，{formatShanghaiMinute(value.generatedAt)} 计算
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="township-error">
            {value ? `${error}（显示的是 ${formatShanghaiMinute(value.generatedAt)} 获取的数字）` : `${error}（这一期的数字还没有在本机保存过，需要联网查看）`}
          </p>
        )}
        {!value && loading && <p className="muted">正在计算…</p>}
      </section>
      {value && <FiguresTable data={value} onDrill={setDrill} />}
      {value && <LiulianTable data={value} />}
      {value && (
        <CountsTable
          title="网格巡查"
          testId="township-patrol-table"
          rows={value.villages.flatMap((v) => (v.patrols ? [{ id: v.villageId, name: v.name, figures: v.patrols }] : []))}
          columns={shownColumns(PATROL_ROWS, value.villages.flatMap((v) => (v.patrols ? [{ figures: v.patrols }] : [])))}
          total={sumPatrolFigures}
          note={PATROL_NOTE}
        />
      )}
      {value && (
        <CountsTable
          title="人居环境检查"
          testId="township-environment-table"
          rows={value.villages.flatMap((v) => (v.environment ? [{ id: v.villageId, name: v.name, figures: v.environment }] : []))}
          columns={ENVIRONMENT_ROWS}
          total={sumEnvironmentFigures}
          note={ENVIRONMENT_NOTE}
        />
      )}
      {value && (
        <CountsTable
          title="公益设施检查管护"
          testId="township-facility-table"
          rows={value.villages.flatMap((v) => (v.facilities ? [{ id: v.villageId, name: v.name, figures: v.facilities }] : []))}
          columns={shownColumns(FACILITY_ROWS, value.villages.flatMap((v) => (v.facilities ? [{ figures: v.facilities }] : [])))}
          total={sumFacilityFigures}
          note={FACILITY_NOTE}
        />
      )}
      {drill && <RecordsBehind drill={drill} onClose={() => setDrill(null)} onOpenRecord={onOpenRecord} />}
      <ReportPanel key={key} api={api} scope={TOWNSHIP_SCOPE} period={period} ended={!running} showDraft={false} />
    </main>
  )
}

function FiguresTable({ data, onDrill }: { data: TownshipDashboard; onDrill(drill: Drill): void }) {
  const groups = [...new Set(FIGURE_COLUMNS.map((c) => c.group))]
  return (
    <section className="card no-print">
      <div className="table-scroll">
        <table className="township-table" data-testid="township-table">
          <thead>
            <tr>
              <th rowSpan={2}>村 / 网格</th>
              {groups.map((g) => (
                <th key={g} colSpan={FIGURE_COLUMNS.filter((c) => c.group === g).length + (g === '矛盾纠纷' ? 1 : 0)}>
                  {g}
                </th>
              ))}
            </tr>
            <tr>
              {FIGURE_COLUMNS.map((c) => (
                <FragmentHeader key={c.key} label={c.label} rateAfter={c.key === 'disputes.resolved'} />
              ))}
            </tr>
          </thead>
          <tbody>
            {data.villages.map((v) => (
              <VillageRows key={v.villageId} village={v} onDrill={onDrill} />
            ))}
            <tr className="total">
              <th scope="row">合计</th>
              {FIGURE_COLUMNS.map((c) => (
                <FigureCells key={c.key} value={c.value(data.totals)} warn={c.warn} rate={c.key === 'disputes.resolved' ? rateText(data.totals) : undefined} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted small">点数字可查看背后的台账记录。化解率＝调结÷受理，本期未受理纠纷的记“—”。</p>
    </section>
  )
}

/** Each village's 六联 figures for the period (counts only; an answer kept from before they existed has none). */
function LiulianTable({ data }: { data: TownshipDashboard }) {
  const rows = data.villages.flatMap((v) => (v.liulian ? [{ id: v.villageId, name: v.name, figures: v.liulian }] : []))
  if (rows.length === 0) return null
  const total = townshipFigures(rows.map((r) => r.figures))
  return (
    <section className="card no-print">
      <h2>六联</h2>
      <div className="table-scroll">
        <table className="township-table liulian-figures" data-testid="township-liulian-table">
          <thead>
            <tr>
              <th rowSpan={2}>村</th>
              {[...new Set(LIULIAN_COLUMNS.map((c) => c.group))].map((g) => (
                <th key={g} colSpan={LIULIAN_COLUMNS.filter((c) => c.group === g).length}>
                  {g}
                </th>
              ))}
            </tr>
            <tr>
              {LIULIAN_COLUMNS.map((c) => (
                <th key={c.key}>{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="township-liulian-row">
                <th scope="row">{r.name}</th>
                {LIULIAN_COLUMNS.map((c) => (
                  <td key={c.key} className="num">
                    {c.text(r.figures)}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="total">
              <th scope="row">合计</th>
              {LIULIAN_COLUMNS.map((c) => (
                <td key={c.key} className="num">
                  {c.text(total)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <p className="muted small">组数、入组户为期末数；值班月：本期各组应轮值的月份中有值班记录的／应轮值的；发现问题：本期上报台账的，其中期末前销号或办结的。</p>
    </section>
  )
}

/** A village-by-village table of counts with a 合计 row: the 巡查 and 人居环境 figures of the period, as in the report sheets. */
function CountsTable<F>({ title, testId, rows, columns, total, note }: { title: string; testId: string; rows: { id: string; name: string; figures: F }[]; columns: readonly { header: string; value(f: F): number }[]; total(list: F[]): F; note: string }) {
  if (rows.length === 0) return null
  const sum = total(rows.map((r) => r.figures))
  return (
    <section className="card no-print">
      <h2>{title}</h2>
      <div className="table-scroll">
        <table className="township-table" data-testid={testId}>
          <thead>
            <tr>
              <th>村</th>
              {columns.map((c) => (
                <th key={c.header}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...rows, { id: '', name: '合计', figures: sum }].map((r) => (
              <tr key={r.id || 'total'} className={r.id ? undefined : 'total'}>
                <th scope="row">{r.name}</th>
                {columns.map((c) => (
                  <td key={c.header} className="num">
                    {c.value(r.figures)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{note}</p>
    </section>
  )
}

function FragmentHeader({ label, rateAfter }: { label: string; rateAfter: boolean }) {
  return (
    <>
      <th>{label}</th>
      {rateAfter && <th>化解率</th>}
    </>
  )
}

function VillageRows({ village, onDrill }: { village: TownshipDashboard['villages'][number]; onDrill(drill: Drill): void }) {
  const rows = [{ id: '', name: village.name, figures: village.figures, grids: village.grids }, ...village.grids.map((g) => ({ id: g.gridId, name: g.name, figures: g.figures, grids: [g] }))]
  return (
    <>
      {rows.map((row) => (
        <tr key={row.id || 'village'} className={row.id ? 'grid-row' : 'village-row'} data-testid={row.id ? 'township-grid-row' : 'township-village-row'}>
          <th scope="row">{row.id ? <span className="grid-name">{row.name}</span> : row.name}</th>
          {FIGURE_COLUMNS.map((c) => {
            const value = c.value(row.figures)
            const drill = (): Drill => ({
              title: `${village.name}${row.id ? ` · ${row.name}` : ''} · ${c.group}${c.label}`,
              column: c,
              villageId: village.villageId,
              grids: row.grids.map((g) => ({ gridId: g.gridId, name: g.name, ids: c.ids(g.records), byRule: c.key === 'visits.due' ? g.records.visitsDueByRule : [] })),
            })
            return <FigureCells key={c.key} value={value} warn={c.warn} rate={c.key === 'disputes.resolved' ? rateText(row.figures) : undefined} onOpen={value > 0 ? () => onDrill(drill()) : undefined} />
          })}
        </tr>
      ))}
    </>
  )
}

function FigureCells({ value, warn, rate, onOpen }: { value: number; warn?: boolean | undefined; rate?: string | undefined; onOpen?: (() => void) | undefined }) {
  return (
    <>
      <td className={warn && value > 0 ? 'num warn' : 'num'}>
        {onOpen ? (
          <button type="button" className="link figure" onClick={onOpen}>
            {value}
          </button>
        ) : (
          value
        )}
      </td>
      {rate !== undefined && <td className="num">{rate}</td>}
    </>
  )
}
