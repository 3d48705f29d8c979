/**
 * 平急结合 (seed 004): each person's 平时 service list and 急时 post, plans by type and drills;
 * 「启动应急」 (after a confirmation naming the grid and what happened, StartEmergency.tsx) puts the
 * village into emergency mode and sends the first report up to 镇 — the posts' roll call,
 * the households to help first (only for a viewer holding sensitive docs), a log — and
 * 「结束应急」 yields the report. Check-ins made offline merge (shared/liulian/emergency.ts).
 */
import { useEffect, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { newId } from '../../../shared/ids'
import {
  activeEmergency,
  addEmergencyFact,
  addPlan,
  EMERGENCY_TYPES,
  emergencyReport,
  householdsNeedingHelp,
  listDrills,
  mayCheckIn,
  postsHeldBy,
  readEmergencies,
  readPlans,
  readPosts,
  recordDrill,
  rollCall,
  setPost,
  type EmergencyType,
  type Post,
} from '../../../shared/liulian/emergency'
import type { SectionProps } from '../components/sectionProps'
import { useVillageRoster, type RosterMember } from './roster'
import { FirstReportLine, StartEmergency } from './StartEmergency'
import { careInput, householdName, type Liulian } from './useLiulian'

/** The holder's name: from the roster when the post is tied to an account, else as written on the post. */
function holderName(post: Post, roster: readonly RosterMember[] | null): string {
  return (post.userId && roster?.find((m) => m.id === post.userId)?.name) || post.name
}

const POST_ROLE_OF: Record<string, string> = { village_cadre: '村干部', grid_worker: '网格员', township_admin: '乡镇干部', supervisor: '监督人员' }

export function EmergencyPanel({ l, doc, props, today }: { l: Liulian; doc: Y.Doc; props: SectionProps; today: string }) {
  const posts = readPosts(doc)
  const roster = useVillageRoster(props)
  const mine = postsHeldBy(posts, props.user.id)
  const active = activeEmergency(doc)
  // Started here (or on another device) while this page is open: the card with the roll call and
  // the 首报 line takes the place of the start form, so bring its top into view (on a phone the
  // form left the page scrolled below it).
  const activeCard = useRef<HTMLElement>(null)
  const shownId = useRef(active?.id ?? null)
  useEffect(() => {
    const id = active?.id ?? null
    if (id !== null && shownId.current === null) activeCard.current?.scrollIntoView({ block: 'start' })
    shownId.current = id
  }, [active?.id])
  const needing = needingHelp(l)
  const [logText, setLogText] = useState('')
  const [ending, setEnding] = useState(false)
  const last = readEmergencies(doc).find((e) => e.endedAt !== null)
  const now = () => new Date().toISOString()

  return (
    <>
      {mine.length > 0 && (
        <section className="card" data-testid="my-posts">
          <h2>我的岗位</h2>
          <ul className="plain">
            {mine.map((p) => (
              <li key={p.key}>
                急时岗位：<strong>{p.post || '未设'}</strong>（{p.role}）
                <div className="muted">平时服务：{p.service.join('；') || '未填'}</div>
              </li>
            ))}
          </ul>
          {active && (rollCall(active, mine).some((c) => !c.at) ? <p className="overdue">应急状态中：请到岗后在下方点名处点「我已到岗」。</p> : <p className="ok">应急状态中：您已到岗。</p>)}
        </section>
      )}
      {active ? (
        <section className="card emergency-on" data-testid="emergency-active" ref={activeCard}>
          <h2 className="overdue">应急状态：{active.type}</h2>
          <FirstReportLine emergency={active} l={l} villageId={props.villageId} today={today} />
          <h3>岗位点名</h3>
          <ul className="plain">
            {rollCall(active, posts).map((c) => (
              <li key={c.post.key} data-testid="rollcall-post" className={c.post.userId === props.user.id ? 'mine' : undefined}>
                <strong>{c.post.post}</strong> · {holderName(c.post, roster.members)}（{c.post.role}）{c.post.userId === props.user.id ? '（我）' : ''}{' '}
                {c.at ? (
                  <span className="ok">已到岗 {new Date(c.at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })}</span>
                ) : mayCheckIn(c.post, props.user.id, l.canWrite) ? (
                  <button type="button" onClick={() => addEmergencyFact(doc, { kind: 'checkin', emergencyId: active.id, postKey: c.post.key, at: now(), by: props.user.id })} data-testid="rollcall-checkin">
                    {c.post.userId ? '我已到岗' : '到岗'}
                  </button>
                ) : (
                  <span className="due">{c.post.userId ? '未到岗（由本人在自己的手机上签到）' : '未到岗'}</span>
                )}
              </li>
            ))}
          </ul>
          <h3>需优先帮扶的户</h3>
          {needing === null ? (
            <p className="muted">名单仅对有敏感信息权限的人员显示。</p>
          ) : (
            <ul className="plain" data-testid="emergency-needing">
              {needing.length === 0 && <li className="muted">无</li>}
              {needing.map((n) => (
                <li key={n.householdId}>
                  {householdName(l.byId, n.householdId)} · {n.reasons.join('、')}
                </li>
              ))}
            </ul>
          )}
          <h3>处置记录</h3>
          <ul className="plain">
            {active.log.map((e) => (
              <li key={e.at + e.text}>
                {new Date(e.at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })} {e.text}
              </li>
            ))}
          </ul>
          {l.canWrite && (
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault()
                if (!logText.trim()) return
                addEmergencyFact(doc, { kind: 'log', emergencyId: active.id, text: logText.trim().slice(0, 1000), at: now(), by: props.user.id })
                setLogText('')
              }}
            >
              <input value={logText} onChange={(e) => setLogText(e.target.value)} placeholder="记录处置情况" maxLength={1000} aria-label="处置记录" />
              <button type="submit">记录</button>
            </form>
          )}
          {l.canWrite &&
            (ending ? (
              <p className="actions">
                确认结束应急并生成报告？{' '}
                <button type="button" className="danger" onClick={() => (addEmergencyFact(doc, { kind: 'end', emergencyId: active.id, at: now(), by: props.user.id }), setEnding(false))} data-testid="emergency-end-confirm">
                  确认结束
                </button>{' '}
                <button type="button" className="link" onClick={() => setEnding(false)}>
                  取消
                </button>
              </p>
            ) : (
              <p className="actions">
                <button type="button" onClick={() => setEnding(true)} data-testid="emergency-end">
                  结束应急
                </button>
              </p>
            ))}
        </section>
      ) : (
        <section className="card" data-testid="emergency-idle">
          <h2>平时状态</h2>
          {l.canWrite && <StartEmergency l={l} doc={doc} props={props} today={today} />}
          {last && (
            <details>
              <summary>上次应急处置报告（{last.type}）</summary>
              <pre className="report" data-testid="emergency-report">
                {emergencyReport(last, posts, needing?.length ?? 0)}
              </pre>
            </details>
          )}
        </section>
      )}
      <PostsCard posts={posts} doc={doc} canWrite={l.canWrite} roster={roster} />
      <PlansCard doc={doc} canWrite={l.canWrite} user={props.user.id} today={today} />
    </>
  )
}

/** Ledger flags and, where this user holds the sensitive docs, care records; null without them. */
function needingHelp(l: Liulian) {
  return householdsNeedingHelp(
    l.households.map((h) => ({ id: h.id, flags: Array.isArray(h.values.flags) ? (h.values.flags as string[]) : [] })),
    careInput(l),
  )
}

function PostsCard({ posts, doc, canWrite, roster }: { posts: Post[]; doc: Y.Doc; canWrite: boolean; roster: { members: RosterMember[] | null; error: string | null } }) {
  const [draft, setDraft] = useState({ userId: '', name: '', role: '村干部', service: '', post: '' })
  const [error, setError] = useState('')
  const members = (roster.members ?? []).filter((m) => m.role !== 'linked_cadre')
  const NO_ACCOUNT = '-'
  const pick = (userId: string) => {
    const member = members.find((m) => m.id === userId)
    setDraft({ ...draft, userId, name: member?.name ?? '', role: member ? (POST_ROLE_OF[member.role] ?? draft.role) : draft.role })
  }
  return (
    <section className="card" data-testid="liulian-posts">
      <h2>平时服务清单 · 急时岗位</h2>
      {posts.length === 0 && <p className="muted">还没有设置岗位。</p>}
      <ul className="plain">
        {posts.map((p) => (
          <li key={p.key} data-testid="post-row">
            <strong>{holderName(p, roster.members)}</strong>（{p.role}）· 急时岗位：{p.post || '未设'}
            {!p.userId && <span className="muted">（未绑定账号，由村干部代为签到）</span>}
            <div className="muted">平时服务：{p.service.join('；') || '未填'}</div>
            {canWrite && members.length > 0 && (
              <label className="small">
                岗位人员{' '}
                <select value={p.userId ?? ''} onChange={(e) => setPost(doc, { ...p, ...(e.target.value ? { userId: e.target.value, name: members.find((m) => m.id === e.target.value)?.name ?? p.name } : { userId: undefined }) })} data-testid="post-holder">
                  <option value="">不绑定账号</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}（{POST_ROLE_OF[m.role] ?? m.role}）
                    </option>
                  ))}
                </select>
              </label>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (!draft.userId) return setError('请选择岗位人员')
            if (draft.userId === NO_ACCOUNT && !draft.name.trim()) return setError('请填写姓名')
            if (!draft.post.trim()) return setError('请填写急时岗位')
            const userId = draft.userId === NO_ACCOUNT ? undefined : draft.userId
            setPost(doc, { key: newId(), name: draft.name.trim(), role: draft.role, service: draft.service.split(/[\n；;]/), post: draft.post.trim(), ...(userId ? { userId } : {}) })
            setDraft({ userId: '', name: '', role: draft.role, service: '', post: '' })
            setError('')
          }}
        >
          <h3>添加岗位</h3>
          {roster.members === null && <p className="muted small">{roster.error ? '成员名单需要联网获取一次；现在只能添加不绑定账号的岗位。' : '正在读取本村成员…'}</p>}
          <label>
            岗位人员
            <select value={draft.userId} onChange={(e) => pick(e.target.value)} data-testid="post-member">
              <option value="">请选择</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}（{POST_ROLE_OF[m.role] ?? m.role}）
                </option>
              ))}
              <option value={NO_ACCOUNT}>无账号人员（如联动小组组长），填写姓名</option>
            </select>
          </label>
          {draft.userId === NO_ACCOUNT && (
            <label>
              姓名 <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} maxLength={40} data-testid="post-name" />
            </label>
          )}
          <label>
            身份
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
              {['村干部', '网格员', '联动小组组长', '党员', '乡镇干部', '监督人员'].map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            平时服务清单（每行一项） <textarea rows={2} value={draft.service} onChange={(e) => setDraft({ ...draft, service: e.target.value })} maxLength={500} />
          </label>
          <label>
            急时岗位 <input value={draft.post} onChange={(e) => setDraft({ ...draft, post: e.target.value })} maxLength={60} placeholder="如 一组转移引导" data-testid="post-post" />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <p className="actions">
            <button type="submit" data-testid="post-save">
              添加岗位
            </button>
          </p>
        </form>
      )}
    </section>
  )
}

function PlansCard({ doc, canWrite, user, today }: { doc: Y.Doc; canWrite: boolean; user: string; today: string }) {
  const plans = readPlans(doc)
  const drills = listDrills(doc)
  const [plan, setPlan] = useState({ type: '防汛' as EmergencyType, title: '' })
  const [drill, setDrill] = useState({ planId: '', date: today, participants: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  return (
    <section className="card" data-testid="liulian-plans">
      <h2>应急预案与演练</h2>
      <ul className="plain">
        {plans.map((p) => (
          <li key={p.id}>
            <strong>{p.type}</strong> · {p.title} · 演练 {drills.filter((d) => d.planId === p.id).length} 次
            {drills
              .filter((d) => d.planId === p.id)
              .map((d) => (
                <div key={d.id} className="muted">
                  {d.date} 演练，{d.participants} 人参加{d.note ? `，${d.note}` : ''}
                </div>
              ))}
          </li>
        ))}
      </ul>
      {canWrite && (
        <>
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault()
              if (!plan.title.trim()) return setErrors({ title: '请填写预案名称' })
              addPlan(doc, { type: plan.type, title: plan.title.trim().slice(0, 100), content: '' })
              setPlan({ ...plan, title: '' })
              setErrors({})
            }}
          >
            <select value={plan.type} onChange={(e) => setPlan({ ...plan, type: e.target.value as EmergencyType })} aria-label="预案类型">
              {EMERGENCY_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <input value={plan.title} onChange={(e) => setPlan({ ...plan, title: e.target.value })} placeholder="预案名称" aria-label="预案名称" maxLength={100} />
            <button type="submit">添加预案</button>
          </form>
          {plans.length > 0 && (
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault()
                const result = recordDrill(doc, { planId: drill.planId, date: drill.date, participants: Number(drill.participants || Number.NaN), by: user })
                setErrors(result.ok ? {} : result.errors)
                if (result.ok) setDrill({ ...drill, participants: '' })
              }}
            >
              <select value={drill.planId} onChange={(e) => setDrill({ ...drill, planId: e.target.value })} aria-label="演练预案">
                <option value="">选择预案</option>
                {plans.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
              <input type="date" value={drill.date} max={today} onChange={(e) => setDrill({ ...drill, date: e.target.value })} aria-label="演练日期" />
              <input value={drill.participants} onChange={(e) => setDrill({ ...drill, participants: e.target.value })} inputMode="numeric" placeholder="参加人数" aria-label="参加人数" />
              <button type="submit">记录演练</button>
            </form>
          )}
          {Object.values(errors).map((m) => (
            <p key={m} className="error" role="alert">
              {m}
            </p>
          ))}
        </>
      )}
    </section>
  )
}
