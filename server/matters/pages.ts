/**
 * 民呼我应 pages (issue #23): the form to raise a matter, the tracking page, and the board's
 * monthly figures. Plain server-rendered HTML with no JavaScript, like the rest of /public
 * (notices/pages.ts). Every value a resident wrote is escaped by hono/html and never inserted
 * raw. The contact phone is never rendered on any of these pages, not even back to its writer:
 * the tracking page is reachable by whoever holds the code.
 */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { MATTER_RATINGS } from '../../shared/ledger/workflows/incident.js'
import type { MatterMonth } from '../../shared/matters/figures.js'
import { DESCRIPTION_MAX, formatTrackingCode, MATTER_CATEGORIES, MATTER_STAGE_LABELS, MATTER_STAGES, PLACE_MAX, UNSURE_GRID, type MatterProgress } from '../../shared/matters/matter.js'
import type { Grid } from '../../shared/metaDoc.js'
import { page, shanghaiTime } from '../notices/pages.js'

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

const FORM_STYLE = `label{display:block;margin:.75rem 0 .25rem;font-weight:bold}select,input,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.4rem;border:1px solid #999;border-radius:4px}
button{font:inherit;padding:.5rem 1.2rem;margin-top:1rem;background:#0b57d0;color:#fff;border:0;border-radius:4px}.error{color:#b3261e;font-weight:bold}
.code{font-family:monospace;font-size:1.6rem;letter-spacing:.1rem;background:#eef3fd;padding:.2rem .5rem;border-radius:4px}
ol.steps{padding-left:1.2rem}ol.steps li.done{color:#0a7d32}ol.steps li.now{font-weight:bold}.reply{border-left:4px solid #0a7d32;padding:.25rem .75rem;background:#f3faf5;white-space:pre-wrap}
.radio{display:inline-block;font-weight:normal;margin-right:1rem}.radio input{width:auto}.desc{white-space:pre-wrap}`

export type MatterFormInput = { category?: string; description?: string; place?: string; grid?: string; cardCode?: string }

export function matterFormPage(villageId: string, villageName: string, grids: readonly Grid[], input: MatterFormInput = {}, error?: string): Html {
  const selectedGrid = input.grid ?? UNSURE_GRID
  return page(
    `我要反映 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>民呼我应 · 我要反映</h1>
<p class="meta">不用注册。提交后会得到一个查询码，凭它查看办理进度、评价办理结果。您写的内容只有村干部和网格员能看到，不会公开。</p>
${error ? html`<p class="error" role="alert" data-testid="matter-error">${error}</p>` : ''}
<form method="post" action="/public/${villageId}/matters" enctype="multipart/form-data">
<label for="category">类别</label>
<select id="category" name="category" required>
<option value="">请选择</option>
${MATTER_CATEGORIES.map((c) => html`<option value="${c}"${c === input.category ? ' selected' : ''}>${c}</option>`)}
</select>
<label for="description">发生了什么</label>
<textarea id="description" name="description" rows="5" maxlength="${DESCRIPTION_MAX}" required placeholder="请写清楚情况，如：三组村道路灯坏了一个星期">${input.description ?? ''}</textarea>
<label for="place">在哪里</label>
<input id="place" name="place" maxlength="${PLACE_MAX}" required placeholder="如：三组村道、村委会门口" value="${input.place ?? ''}">
<label for="photo">照片（可不附，一张）</label>
<input id="photo" name="photo" type="file" accept="image/*">
<p class="meta">拍一张现场照片，村里更快弄清情况。照片只有村干部和本网格网格员能看到，不会公开；位置等拍摄信息会被去掉。</p>
<label for="grid">所在网格（片区）</label>
<select id="grid" name="grid">
<option value="${UNSURE_GRID}"${selectedGrid === UNSURE_GRID ? ' selected' : ''}>不确定，由村里分派</option>
${grids.map((g) => html`<option value="${g.id}"${g.id === selectedGrid ? ' selected' : ''}>${g.name}</option>`)}
</select>
<label for="phone">联系电话（可不填）</label>
<input id="phone" name="phone" type="tel" inputmode="tel" maxlength="30" autocomplete="tel">
<p class="meta">留电话便于网格员联系您。电话只有村干部和本网格网格员能看到，不会出现在任何公开页面上。</p>
<label for="cardCode">联系卡编码（可不填）</label>
<input id="cardCode" name="cardCode" maxlength="20" autocomplete="off" placeholder="民情联系卡上的编码，如 K7P3Q-9XQZ2" value="${input.cardCode ?? ''}">
<p class="meta">填了编码，村里就知道是哪一户反映的，不用注册；不会公开。</p>
<button type="submit">提交</button>
</form>
<h2>已经反映过？</h2>
${trackForm(villageId)}`,
    FORM_STYLE,
  )
}

function trackForm(villageId: string, code = ''): Html {
  return html`<form method="get" action="/public/${villageId}/matters/track">
<label for="code">查询码</label><input id="code" name="code" maxlength="20" autocomplete="off" value="${code}" placeholder="如 K7P3Q-9XQZ2">
<button type="submit">查看进度</button></form>`
}

export function trackNotFoundPage(villageId: string, villageName: string, code: string, message: string): Html {
  return page(
    `查询进度 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>查询办理进度</h1>
<p class="error" role="alert" data-testid="matter-error">${message}</p>${trackForm(villageId, code)}`,
    FORM_STYLE,
  )
}

export type TrackView = {
  code: string
  category: string
  description: string
  place: string
  createdAt: string
  progress: MatterProgress
  /** Photos on the record (the resident's); counted here, never shown: they are for the village only. */
  photos: number
  justRaised: boolean
  message?: string
}

export function trackPage(villageId: string, villageName: string, v: TrackView): Html {
  const current = MATTER_STAGES.indexOf(v.progress.stage)
  return page(
    `办理进度 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>民呼我应 · 办理进度</h1>
${v.justRaised ? html`<p class="ok" data-testid="matter-raised">已收到您的反映。请记下查询码，或收藏本页：</p>` : ''}
<p>查询码：<span class="code" data-testid="matter-code">${formatTrackingCode(v.code)}</span></p>
${v.message ? html`<p class="ok" role="status">${v.message}</p>` : ''}
<p>当前状态：<strong data-testid="matter-stage" data-stage="${v.progress.stage}">${v.progress.label}</strong></p>
<ol class="steps">${MATTER_STAGES.map((s, i) => html`<li class="${i < current ? 'done' : i === current ? 'now' : ''}">${MATTER_STAGE_LABELS[s]}</li>`)}</ol>
${v.progress.reply !== null ? html`<h2>办理答复</h2><div class="reply" data-testid="matter-reply">${v.progress.reply || '（已办结）'}</div>` : ''}
${v.progress.rating ? html`<p>您的评价：<strong data-testid="matter-rating">${v.progress.rating}</strong>。谢谢！</p>` : ''}
${v.progress.canRate ? ratingForm(villageId, v.code) : ''}
<h2>您反映的内容</h2>
<p class="meta"><span class="tag">${v.category}</span> ${shanghaiTime(v.createdAt)} 提交 · 地点：${v.place}</p>
<p class="desc">${v.description}</p>
${v.photos > 0 ? html`<p class="meta" data-testid="matter-photos">附照片 ${v.photos} 张：只有村干部和网格员能看到，本页不显示。</p>` : ''}
<p class="meta">本页只有持查询码的人能打开，内容不会公开。</p>`,
    FORM_STYLE,
  )
}

function ratingForm(villageId: string, code: string): Html {
  return html`<h2>评价办理结果</h2><form method="post" action="/public/${villageId}/matters/${code}/rate">
${MATTER_RATINGS.map((r, i) => html`<label class="radio"><input type="radio" name="rating" value="${r}"${i === 0 ? ' required' : ''}> ${r}</label>`)}
<p class="meta">选“不满意”，村里会重新办理。</p>
<button type="submit">提交评价</button></form>`
}

/** The board's section: the way in, and per month counts with no personal data. */
export function matterBoardSection(villageId: string, months: readonly MatterMonth[]): Html {
  const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)
  return html`<h2>民呼我应</h2>
<p><a href="/public/${villageId}/matters" data-testid="raise-matter">我要反映问题</a> · <a href="/public/${villageId}/matters/track">查询办理进度</a></p>
<table class="figures" data-testid="matter-figures"><thead><tr><th>月份</th><th>收到</th><th>办结</th><th>满意率</th><th>办结用时</th></tr></thead><tbody>
${months.map(
  (m) =>
    html`<tr><td>${m.month}</td><td>${m.received}</td><td>${m.closed}</td><td>${percent(m.satisfactionRate)}${m.rated ? html`<br><span class="meta">${m.rated} 条评价</span>` : ''}</td><td>${m.medianDaysToClose === null ? '—' : `${m.medianDaysToClose} 天`}</td></tr>`,
)}
</tbody></table>
<p class="meta">满意率 = 满意和基本满意的评价占全部评价的比例；办结用时为当月办结事项从提交到办结天数的中位数。只统计件数，不公开反映人和反映内容。</p>`
}
