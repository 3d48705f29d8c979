/**
 * /public/<villageId>/linkage: the village's linked members (联网联户公示), server-rendered, no
 * JavaScript. Shows only what publicList.ts lets out: members' names, posts, office phones and
 * areas, and counts of contacts and help — never a household.
 */
import { html } from 'hono/html'
import type { PublicLinkageRow } from '../../shared/linkage/publicList.js'
import { page } from '../notices/pages.js'

export function linkageBoardPage(villageId: string, villageName: string, rows: readonly PublicLinkageRow[], year: string) {
  const total = rows.reduce((sum, r) => sum + r.helps, 0)
  const body = rows.length
    ? html`<table><thead><tr><th>联系人</th><th>职务</th><th>办公电话</th><th>联系区域</th><th>联系户数</th><th>${year}年走访</th><th>为民办实事</th><th>帮扶资金（元）</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><td>${r.memberName}<br><span class="meta">${r.memberType}</span></td><td>${r.post}</td><td>${r.officePhone || '—'}</td><td>${r.area || '—'}</td><td>${r.households}</td><td>${r.contacts}</td><td>${r.helps}</td><td>${r.aidTotal}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="meta">本村尚未公示联系党员、干部。</p>`
  return page(
    `${villageName} 联网联户公示`,
    html`<h1>${villageName} 联网联户公示</h1>
<p class="meta">每名联系党员、干部联系 1 户中心户和约 5 户辐射户（“1+1+n”），每月联系中心户、每季度走访辐射户一轮；群众有重病、灾害、特殊节日、思想异常必到。${year}年共办实事 ${total} 件。</p>
${body}
<p><a href="/public/${villageId}/rate" data-testid="rate-link">持民情联系卡评议码评议联系干部</a></p>
<p><a href="/public/${villageId}">返回村务公开栏</a></p>`,
  )
}
