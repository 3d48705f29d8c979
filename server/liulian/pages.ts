/**
 * /public/<villageId>/liulian: the 六联 board (seed 000 公示上墙), server-rendered, no JavaScript.
 * Shows only what publicBoard.ts lets out in 'public' mode: grids with 四至 and staff names, the
 * rules, groups with 组长 and 轮值户 as 王*户, and progress — never a full household name or a phone.
 */
import { html } from 'hono/html'
import type { Board } from '../../shared/liulian/publicBoard.js'
import { page } from '../notices/pages.js'

export function liulianBoardPage(villageId: string, villageName: string, board: Board, today: string) {
  const f = board.figures
  const grids = board.grids.length
    ? html`<table><thead><tr><th>网格</th><th>四至</th><th>网格员</th></tr></thead><tbody>${board.grids.map((g) => html`<tr><td>${g.name}</td><td>${g.bounds || '—'}</td><td>${g.staff || '—'}</td></tr>`)}</tbody></table>`
    : html`<p class="meta">尚未公示网格。</p>`
  const groups = board.groups.length
    ? html`<table data-testid="liulian-groups"><thead><tr><th>联动小组</th><th>户数</th><th>组长</th><th>本月轮值户</th></tr></thead><tbody>${board.groups.map((g) => html`<tr><td>${g.name}</td><td>${g.households}</td><td>${g.leader}</td><td>${g.duty}</td></tr>`)}</tbody></table>`
    : html`<p class="meta">尚未组建联动小组。</p>`
  return page(
    `${villageName} “六联机制”公示`,
    html`<h1>${villageName} “六联机制”公示</h1>
<p class="meta">公示日期：${today}。户主只公示姓氏；完整名单见村务公开栏上墙版。</p>
<h2>网格分布</h2>
${grids}
<h2>“六联机制”制度</h2>
<p>以相邻 12 户左右为一个联动小组，每月每户轮流值班负责，监督每户落实情况。</p>
<ul>${board.rules.map((r) => html`<li><strong>${r.label}</strong>（责任部门：${r.departments}）：${r.duty}。</li>`)}</ul>
<h2>联动小组及本月轮值户</h2>
${groups}
<h2>工作推进情况</h2>
<p>联动小组 ${f.groups} 个，覆盖 ${f.households} 户；轮值月份已开展 ${f.dutyMonthsDone}/${f.dutyMonthsDue}；发现问题转办 ${f.findingsRaised} 件，已办结 ${f.findingsClosed} 件。</p>
<ul>${board.progress.map((p) => html`<li>${p.label}（时限 ${p.due}）：${p.done ? `${p.done} 完成` : '推进中'}</li>`)}</ul>
<p><a href="/public/${villageId}">返回村务公开栏</a></p>`,
  )
}
