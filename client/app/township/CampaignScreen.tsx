/**
 * 工作推进台账 across villages (issue #18 item 3, township admin): every campaign — 六联 built in,
 * then those the township defined — with each village's tasks, when each was done and which are
 * overdue (villages with overdue tasks first), for a chosen year; and 新建活动: a name, phases
 * with month-day windows, and the tasks each village does, each with a 时限 inside its phase.
 * The relay writes a new campaign into every village's 六联 doc, where the village ticks its
 * tasks offline (上墙公示 page). The last answer per year is kept on this device for offline use.
 * A campaign the township defined can be 修改 (the same form, filled in; tasks it keeps keep what
 * villages ticked) or 撤回 (after a confirmation; villages stop showing it, their ticks stay).
 */
import { useMemo, useState } from 'react'
import { campaignProgressSchema, type CampaignProgress } from '../../../shared/api/reports'
import { formatShanghaiMinute, shanghaiDate } from '../../../shared/civilDate'
import { campaignErrors, campaignInput, campaignSchema, LIULIAN_CAMPAIGN, phaseOn, type Campaign } from '../../../shared/liulian/campaign'
import type { Workspace } from '../../workspace/workspace'
import { ConfirmButton } from '../components/ConfirmDialog'
import { errorText, request, type ApiContext } from '../api/http'
import { useCachedValue } from '../hooks/useCachedValue'

type Props = { api: ApiContext; workspace: Workspace }

export function CampaignScreen({ api, workspace }: Props) {
  const today = useMemo(() => shanghaiDate(), [])
  const [year, setYear] = useState(today.slice(0, 4))
  const { value, error, loading, reload } = useCachedValue(
    workspace,
    { key: `campaign-progress:${year}`, schema: campaignProgressSchema, fetch: () => request(api, `/api/reports/campaigns/progress?year=${year}`, campaignProgressSchema) },
    [api],
  )
  const years = [0, 1, 2].map((n) => String(Number(today.slice(0, 4)) - n))
  // The last change made here, shown where it was made (the new form, the edited card, or the
  // top for a withdrawal) and only there: a later change replaces it.
  const [notice, setNotice] = useState<Notice | null>(null)
  const changed = (at: string, text: string) => {
    setNotice({ at, text: `${text}，${formatShanghaiMinute(new Date().toISOString())}` })
    void reload()
  }
  return (
    <main className="screen wide" data-testid="campaign-screen">
      <h1>工作推进台账</h1>
      <section className="card no-print">
        <p className="period-pick">
          <select value={year} onChange={(e) => setYear(e.target.value)} aria-label="年度" data-testid="campaign-year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
          <span className="muted small">各村完成情况以各村在“六联·平急 → 上墙公示”中标记的完成日期为准；时限早于该村启用或任务下达之日的记为“不计”，不算逾期。</span>
        </p>
        {error && (
          <p className="error" role="alert">
            {value ? `${error}（显示的是本机保存的上次结果）` : `${error}（需要联网查看）`}
          </p>
        )}
        {!value && loading && <p className="muted">正在读取…</p>}
        <NoticeLine notice={notice} at="top" />
      </section>
      {value?.campaigns.map((c) => <CampaignTable key={c.campaign.key} api={api} entry={c} year={value.year} today={value.today} notice={notice} onChanged={changed} />)}
      <NewCampaign api={api} notice={notice} onSaved={changed} />
    </main>
  )
}

type Notice = { at: string; text: string }

function NoticeLine({ notice, at }: { notice: Notice | null; at: string }) {
  if (notice?.at !== at) return null
  return (
    <p className="ok" role="status" data-testid="campaign-saved">
      {notice.text}
    </p>
  )
}

type TableProps = { api: ApiContext; entry: CampaignProgress['campaigns'][number]; year: string; today: string; notice: Notice | null; onChanged(at: string, text: string): void }

function CampaignTable({ api, entry, year, today, notice, onChanged }: TableProps) {
  const { campaign, villages } = entry
  const [editing, setEditing] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const phase = year === today.slice(0, 4) ? phaseOn(campaign, today) : null
  const md = (d: string) => `${Number(d.slice(0, 2))}月${Number(d.slice(3))}日`
  const defined = campaign.key !== LIULIAN_CAMPAIGN.key
  const withdraw = async () => {
    setBusy(true)
    setError(null)
    try {
      await request(api, `/api/reports/campaigns/${encodeURIComponent(campaign.key)}`, campaignSchema, { method: 'DELETE' })
      onChanged('top', `已撤回“${campaign.label}”，各村不再显示`)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  if (editing) return <CampaignForm api={api} editing={campaign} onDone={(changed) => (setEditing(false), changed && onChanged(changed.key, `已修改为第${changed.rev ?? 1}版，已下发到各村`))} />
  return (
    <section className="card" data-testid="campaign-card">
      <h2>{campaign.label}</h2>
      <NoticeLine notice={notice} at={campaign.key} />
      {defined && (
        <p className="actions no-print">
          <button type="button" className="secondary" onClick={() => setEditing(true)} disabled={busy} data-testid="campaign-edit">
            修改
          </button>{' '}
          <ConfirmButton
            label="撤回"
            className="secondary"
            disabled={busy}
            testId="campaign-withdraw"
            title="撤回工作推进活动"
            statement={`撤回后，各村不再显示“${campaign.label}”及其任务，工作推进台账也不再列出；各村已标记的完成记录仍保留。`}
            confirmLabel="确定撤回"
            onConfirm={() => void withdraw()}
          />
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          撤回失败：{error}
        </p>
      )}
      <p className="muted small">
        {campaign.lead && `牵头：${campaign.lead}。`}
        {campaign.phases.map((p) => `${p.label}（${md(p.from)}—${md(p.to)}）`).join('；')}
        {phase && `。现处于：${phase.phase ? phase.phase.label : phase.before ? '尚未开始' : '各阶段已结束'}`}
      </p>
      <div className="table-scroll">
        <table className="township-table" data-testid="campaign-table">
          <thead>
            <tr>
              <th>村</th>
              <th>完成</th>
              {campaign.tasks.map((t) => (
                <th key={t.key} title={t.label} className="task-head">
                  {t.label.length > 10 ? `${t.label.slice(0, 10)}…` : t.label}
                  <div className="muted small">时限 {md(t.due)}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => (
              <tr key={v.villageId} data-testid="campaign-village-row">
                <th scope="row">{v.villageName}</th>
                <td className={v.overdue > 0 ? 'num warn' : 'num'}>
                  {v.total === 0 ? <span title="本年的时限都早于该村启用或任务下达之日">不计</span> : `${v.done}／${v.total}`}
                  {v.overdue > 0 && `（逾期${v.overdue}）`}
                </td>
                {v.rows.map((r) => (
                  <td key={r.task} className={r.overdue ? 'warn' : r.counted ? undefined : 'muted'} title={r.counted || r.done ? undefined : '时限早于本村启用或任务下达之日，不计逾期'}>
                    {r.done ? <span className="ok">✓ {r.done.slice(5)}</span> : r.overdue ? '逾期' : r.counted ? '—' : '不计'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

type PhaseDraft = { key?: string; label: string; from: string; to: string }
type TaskDraft = { key?: string; label: string; phase: number; due: string }

function NewCampaign({ api, notice, onSaved }: { api: ApiContext; notice: Notice | null; onSaved(at: string, text: string): void }) {
  const [open, setOpen] = useState(false)
  if (open)
    return (
      <CampaignForm
        api={api}
        editing={null}
        onDone={(changed) => {
          setOpen(false)
          if (changed) onSaved('new', `已新建“${changed.label}”，已下发到各村`)
        }}
      />
    )
  return (
    <section className="card no-print">
      <NoticeLine notice={notice} at="new" />
      <button type="button" onClick={() => setOpen(true)} data-testid="campaign-new">
        新建工作推进活动
      </button>
    </section>
  )
}

/**
 * New (`editing` null) or edit: an edit is sent with the revision it was filled in from, so
 * another admin's edit in between is refused (409) rather than overwritten.
 */
function CampaignForm({ api, editing, onDone }: { api: ApiContext; editing: Campaign | null; onDone(changed: Campaign | null): void }) {
  const initial = editing ? campaignInput(editing) : null
  const [label, setLabel] = useState(initial?.label ?? '')
  const [lead, setLead] = useState(initial?.lead ?? '')
  const [phases, setPhases] = useState<PhaseDraft[]>(initial?.phases ?? [{ label: '', from: '', to: '' }])
  const [tasks, setTasks] = useState<TaskDraft[]>(initial?.tasks ?? [{ label: '', phase: 0, due: '' }])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const setPhase = (i: number, patch: Partial<PhaseDraft>) => setPhases(phases.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  const setTask = (i: number, patch: Partial<TaskDraft>) => setTasks(tasks.map((t, j) => (j === i ? { ...t, ...patch } : t)))
  const err = (path: string) =>
    errors[path] && (
      <span className="error small" role="alert">
        {errors[path]}
      </span>
    )

  const submit = async () => {
    const input = { label, lead, phases, tasks }
    const found = campaignErrors(input)
    setErrors(found ?? {})
    if (found) return
    setBusy(true)
    try {
      const campaign = editing
        ? await request(api, `/api/reports/campaigns/${encodeURIComponent(editing.key)}?rev=${editing.rev ?? 1}`, campaignSchema, { method: 'PUT', body: input })
        : await request(api, '/api/reports/campaigns', campaignSchema, { method: 'POST', body: input })
      onDone(campaign)
    } catch (error) {
      setErrors({ form: errorText(error) })
      setBusy(false)
    }
  }

  return (
    <section className="card no-print campaign-form" data-testid="campaign-form">
      <h2>{editing ? `修改“${editing.label}”` : '新建工作推进活动'}</h2>
      <p className="muted small">日期按“月-日”填写（如 05-17，也可写 5月17日、5/17），每年沿用；各村的任务时限须在所属阶段之内。</p>
      {editing && <p className="muted small">保留的任务沿用各村已标记的完成情况；删去的任务不再显示，其完成记录保留在各村。</p>}
      <label>
        活动名称 <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={60} data-testid="campaign-label" /> {err('label')}
      </label>
      <label>
        牵头单位 <input value={lead} onChange={(e) => setLead(e.target.value)} maxLength={80} placeholder="如 镇综治办" />
      </label>
      <h3>阶段</h3>
      {phases.map((p, i) => (
        <div key={i} className="inline campaign-row" data-testid="campaign-phase">
          <span>{i + 1}.</span>
          <input value={p.label} onChange={(e) => setPhase(i, { label: e.target.value })} placeholder="阶段名称" aria-label={`第${i + 1}阶段名称`} maxLength={40} />
          <input value={p.from} onChange={(e) => setPhase(i, { from: e.target.value.trim() })} placeholder="开始 04-28" aria-label={`第${i + 1}阶段开始`} inputMode="numeric" maxLength={8} className="md" />
          <input value={p.to} onChange={(e) => setPhase(i, { to: e.target.value.trim() })} placeholder="结束 05-17" aria-label={`第${i + 1}阶段结束`} inputMode="numeric" maxLength={8} className="md" />
          {phases.length > 1 && (
            <button type="button" className="link" onClick={() => (setPhases(phases.filter((_, j) => j !== i)), setTasks(tasks.map((t) => ({ ...t, phase: t.phase === i ? 0 : t.phase > i ? t.phase - 1 : t.phase }))))}>
              删除
            </button>
          )}
          {err(`phases.${i}.label`)} {err(`phases.${i}.from`)} {err(`phases.${i}.to`)}
        </div>
      ))}
      {err('phases')}
      <p>
        <button type="button" className="secondary" onClick={() => setPhases([...phases, { label: '', from: '', to: '' }])} disabled={phases.length >= 8}>
          添加阶段
        </button>
      </p>
      <h3>各村任务</h3>
      {tasks.map((t, i) => (
        <div key={i} className="inline campaign-row" data-testid="campaign-task">
          <span>{i + 1}.</span>
          <input value={t.label} onChange={(e) => setTask(i, { label: e.target.value })} placeholder="任务内容" aria-label={`第${i + 1}项任务`} maxLength={80} />
          <select value={t.phase} onChange={(e) => setTask(i, { phase: Number(e.target.value) })} aria-label={`第${i + 1}项任务所属阶段`}>
            {phases.map((p, j) => (
              <option key={j} value={j}>
                {p.label || `第${j + 1}阶段`}
              </option>
            ))}
          </select>
          <input value={t.due} onChange={(e) => setTask(i, { due: e.target.value.trim() })} placeholder="时限 05-10" aria-label={`第${i + 1}项任务时限`} inputMode="numeric" maxLength={8} className="md" />
          {tasks.length > 1 && (
            <button type="button" className="link" onClick={() => setTasks(tasks.filter((_, j) => j !== i))}>
              删除
            </button>
          )}
          {err(`tasks.${i}.label`)} {err(`tasks.${i}.due`)} {err(`tasks.${i}.phase`)}
        </div>
      ))}
      {err('tasks')}
      <p>
        <button type="button" className="secondary" onClick={() => setTasks([...tasks, { label: '', phase: phases.length - 1, due: '' }])} disabled={tasks.length >= 30}>
          添加任务
        </button>
      </p>
      {err('form')}
      <p className="actions">
        <button type="button" onClick={() => void submit()} disabled={busy} data-testid="campaign-save">
          保存并下发到各村
        </button>{' '}
        <button type="button" className="link" onClick={() => onDone(null)} disabled={busy}>
          取消
        </button>
      </p>
    </section>
  )
}
