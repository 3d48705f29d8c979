/**
 * /public/<villageId>/rate — a household rates its linked member with the one-time 评议码 on its
 * 民情联系卡 (F002 五、(五)): no account, no JavaScript, one form (code + rating) that posts and
 * redirects. Every value is escaped by hono/html. The page names only the member rated (members
 * are public, publicList.ts), never the household.
 */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { RATINGS } from '../../shared/linkage/evaluation.js'
import { page } from '../notices/pages.js'

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

const STYLE = `label{display:block;margin:.75rem 0 .25rem;font-weight:bold}input{font:inherit;width:100%;box-sizing:border-box;padding:.4rem;border:1px solid #999;border-radius:4px}
button{font:inherit;padding:.5rem 1.2rem;margin-top:1rem;background:#0b57d0;color:#fff;border:0;border-radius:4px}.error{color:#b3261e;font-weight:bold}.ok{color:#0a7d32;font-weight:bold}
.radio{display:inline-block;font-weight:normal;margin-right:1rem}.radio input{width:auto}`

export type RateFormInput = { code: string; rating: string }

export function rateFormPage(villageId: string, villageName: string, input: RateFormInput = { code: '', rating: '' }, error?: string): Html {
  return page(
    `评议联系干部 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>联网联户 · 评议联系干部</h1>
<p class="meta">请输入民情联系卡上的评议码，选择您对联系您家的党员、干部的评价。每个评议码只能用一次，不用注册，不记录您是谁。</p>
${error ? html`<p class="error" role="alert" data-testid="rate-error">${error}</p>` : ''}
<form method="post" action="/public/${villageId}/rate">
<label for="code">评议码</label>
<input id="code" name="code" maxlength="20" autocomplete="off" required placeholder="如 K7P3Q-9XQZ2" value="${input.code}">
<fieldset><legend>您的评价</legend>
${RATINGS.map((r, i) => html`<label class="radio"><input type="radio" name="rating" value="${r}"${r === input.rating ? ' checked' : ''}${i === 0 ? ' required' : ''}> ${r}</label>`)}
</fieldset>
<button type="submit">提交评议</button>
</form>`,
    STYLE,
  )
}

export function ratedPage(villageId: string, villageName: string): Html {
  return page(
    `评议已提交 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>联网联户 · 评议联系干部</h1>
<p class="ok" role="status" data-testid="rate-done">已收到您的评议，谢谢！</p>
<p class="meta">评议结果汇总后用于联网联户考核，不公开每户的评价。</p>`,
    STYLE,
  )
}
