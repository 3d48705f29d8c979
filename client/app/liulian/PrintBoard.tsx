/**
 * 上墙公示: the A4 board a cadre prints for the village wall (full names, from the ledger this
 * device holds), the 网格员公示 it shows (四至, staff, phones and the 监督电话: GridStaffPanel), the 工作推进台账 of the 六联 campaign, and
 * the link to the public page, where households are masked (shared/liulian/publicBoard.ts).
 */
import type * as Y from 'yjs'
import { LIULIAN_CAMPAIGN, villageProgress, type TaskRow } from '../../../shared/liulian/campaign'
import { closedInLedgers, villageFigures } from '../../../shared/liulian/figures'
import { groupViews, listTasks, readCampaigns, readGridBoards, recordTaskDone } from '../../../shared/liulian/liulianDoc'
import { readGridStaff } from '../../../shared/liulian/gridStaff'
import { boardRows } from '../../../shared/liulian/publicBoard'
import { listGrids } from '../../../shared/metaDoc'
import type { SectionProps } from '../components/sectionProps'
import { useVillageSince } from '../hooks/useVillageSince'
import { useDocVersion } from '../linkage/useDocVersion'
import { GridStaffPanel } from './GridStaffPanel'
import type { Liulian } from './useLiulian'

export function PrintBoard({ l, doc, props, today }: { l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  useDocVersion(l.ledger.meta)
  const year = today.slice(0, 4)
  const tasks = listTasks(doc)
  const startedOn = useVillageSince(props.workspace, props.villageId)
  const progress = villageProgress(LIULIAN_CAMPAIGN, year, tasks, today, startedOn)
  const grids = l.ledger.meta ? listGrids(l.ledger.meta) : []
  const board = boardRows(
    {
      grids,
      gridBoards: readGridBoards(doc),
      gridStaff: readGridStaff(doc),
      groups: groupViews(doc, today),
      headName: (id) => {
        const h = l.byId.get(id)
        return h ? String(h.values.headName ?? '') : null
      },
      figures: villageFigures(doc, today, closedInLedgers(l.ledger.ledgerDocs, today)),
      progress,
    },
    'print',
  )
  const cadre = props.user.role === 'township_admin' || props.membership?.role === 'village_cadre' || props.membership?.role === 'township_admin'
  const f = board.figures
  return (
    <>
      <section className="card no-print">
        <p>
          网上公示页（户主只显示姓氏，如 王*户）：
          <a href={`/public/${props.villageId}/liulian`} target="_blank" rel="noreferrer" data-testid="liulian-public-link">
            /public/{props.villageId}/liulian
          </a>
        </p>
        {cadre && (
          <p className="actions">
            <button type="button" onClick={() => window.print()} data-testid="liulian-print">
              打印上墙版（A4，含户主全名）
            </button>
          </p>
        )}
        {l.canWrite && <GridStaffPanel grids={grids} doc={doc} villageId={props.villageId} workspace={props.workspace} />}
        <h2>工作推进台账（{year}年）</h2>
        {readCampaigns(doc).map((campaign) => {
          const liulian = campaign.key === LIULIAN_CAMPAIGN.key
          const rows = liulian ? progress : villageProgress(campaign, year, tasks, today, startedOn)
          return (
            <div key={campaign.key} data-testid={liulian ? undefined : 'village-campaign'}>
              {!liulian && <h3>{campaign.label}</h3>}
              <ul className="plain" data-testid={liulian ? 'liulian-progress' : 'campaign-progress'}>
                {rows.map((r) => (
                  <li key={r.task.key} className={r.overdue ? 'overdue-row' : undefined}>
                    {r.task.label} · <span className="task-due">时限 {r.due}</span> · <TaskState row={r} />{' '}
                    {!r.done && l.canWrite && (
                      <button type="button" className="link" onClick={() => recordTaskDone(doc, { campaign: campaign.key, year, task: r.task.key, done: today, by: props.user.id })} data-testid="task-done">
                        标记完成
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <UncountedNote rows={rows} startedOn={startedOn} />
            </div>
          )
        })}
      </section>
      {cadre ? (
        <article className="print-sheet liulian-board" data-testid="liulian-board">
          <h1>“六联机制”公示栏</h1>
          <h2>一、网格分布</h2>
          <table>
            <thead>
              <tr>
                <th>网格</th>
                <th>四至</th>
                <th>网格员</th>
              </tr>
            </thead>
            <tbody>
              {board.grids.map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td>{g.bounds || '—'}</td>
                  <td>{g.staff || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>二、“六联机制”制度</h2>
          <p>以相邻 12 户左右为一个联动小组，每月每户轮流值班负责，监督每户落实情况。</p>
          <ul>
            {board.rules.map((r) => (
              <li key={r.label}>
                <strong>{r.label}</strong>（{r.departments}）：{r.duty}。
              </li>
            ))}
          </ul>
          <h2>三、联动小组及本月轮值户</h2>
          <table>
            <thead>
              <tr>
                <th>小组</th>
                <th>户数</th>
                <th>组长</th>
                <th>本月轮值户</th>
                <th>下月轮值户</th>
              </tr>
            </thead>
            <tbody>
              {board.groups.map((g) => (
                <tr key={g.name}>
                  <td>{g.name}</td>
                  <td>{g.households}</td>
                  <td>{g.leader}</td>
                  <td>{g.duty}</td>
                  <td>{g.next}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>四、工作推进情况</h2>
          <p>
            联动小组 {f.groups} 个，覆盖 {f.households} 户；轮值月份已开展 {f.dutyMonthsDone}/{f.dutyMonthsDue}；发现问题转办 {f.findingsRaised} 件，已办结 {f.findingsClosed} 件。
          </p>
          <ul>
            {board.progress.map((p) => (
              <li key={p.label}>
                {p.label}（时限 {p.due}）：{p.done ? `${p.done} 完成` : '推进中'}
              </li>
            ))}
          </ul>
          <p className="muted">公示日期：{today}，接受群众监督</p>
        </article>
      ) : (
        <p className="muted">上墙版含户主全名，由村干部打印。</p>
      )}
    </>
  )
}

function TaskState({ row }: { row: TaskRow }) {
  if (row.done) return <span className="ok task-state">{row.done} 完成</span>
  if (row.overdue) return <span className="overdue task-state">逾期未完成</span>
  if (!row.counted) return <span className="muted task-state">不计逾期</span>
  return <span className="due task-state">未完成</span>
}

/** Why a 时限 is not counted, said once under the list: on every task it took three lines of a phone. */
function UncountedNote({ rows, startedOn }: { rows: TaskRow[]; startedOn: string | null }) {
  const days = [...new Set(rows.flatMap((r) => (!r.counted && !r.done && r.countsFrom ? [r.countsFrom] : [])))].sort()
  if (days.length === 0) return null
  const reasons = days.map((d) => (d === startedOn ? `本村启用之日（${d}）` : `任务下达之日（${d}）`))
  return (
    <p className="muted" data-testid="uncounted-note">
      不计逾期：时限早于{reasons.join('或')}，当年无法按时完成。
    </p>
  )
}
