/**
 * /public/<villageId>/grids: the 网格员公示 (seed 003 上岗公示制度), server-rendered, no JavaScript:
 * each grid's 四至 and its staff with photo, 职务, 分工 and the phone given for publishing, and the village's
 * 监督电话 — the board a resident opens to find who to call. Its A4 print (公示牌) and a grid's
 * 服务联系卡 (eight to an A4 sheet, 「上门入户发放工作联系卡」) carry a QR code back to this page.
 */
import { html, raw } from 'hono/html'
import { telHref, type BoardInfo, type Staff } from '../../shared/liulian/gridStaff.js'
import { page } from '../notices/pages.js'
import type { PublicGrid, PublicGridStaff } from './publicGridStaff.js'

const STYLE = 'ul.staff{list-style:none;padding:0;margin:.2rem 0 .8rem}ul.staff li{border-bottom:1px solid #ddd;padding:.4rem 0;overflow:hidden}img.photo{float:left;width:72px;height:96px;object-fit:cover;margin:0 .6rem .2rem 0;border-radius:4px;background:#eee}img.map{display:block;width:100%;height:auto;border:1px solid #ddd;border-radius:4px}'

/** Where a published photo is served (server/routes/public.ts). */
export const photoPath = (villageId: string, sha256: string) => `/public/${villageId}/grids/photos/${sha256}`

function photo(villageId: string, s: Staff, size: { width: number; height: number }) {
  return s.photo ? html`<img class="photo" src="${photoPath(villageId, s.photo.sha256)}" alt="${s.name}的照片" width="${size.width}" height="${size.height}" loading="lazy">` : ''
}

/** 13912345678 → 139 1234 5678; a landline keeps its dashes. */
export function spacedPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone
}

function tel(phone: string) {
  return html`<a class="tel" href="${telHref(phone)}">${spacedPhone(phone)}</a>`
}

/** 监督电话：0954-1234567（镇纪委）— or nothing when the village has not given one. */
export function supervisionLine(info: BoardInfo) {
  if (!info.supervisionPhone) return ''
  return html`<p class="supervision" data-testid="supervision">监督电话：${tel(info.supervisionPhone)}${info.supervisionUnit ? `（${info.supervisionUnit}）` : ''}<br><span class="meta">对网格员、村干部的工作有意见或建议，可拨打监督电话反映。</span></p>`
}

function staffList(villageId: string, staff: readonly Staff[]) {
  if (!staff.length) return html`<p class="meta">尚未公示网格员。</p>`
  return html`<ul class="staff">${staff.map(
    (s) => html`<li>${photo(villageId, s, { width: 72, height: 96 })}<strong>${s.name}</strong> <span class="tag">${s.title}</span><br>${s.duties ? html`<span class="meta">分工：${s.duties}</span><br>` : ''}联系电话：${tel(s.phone)}</li>`,
  )}</ul>`
}

export function gridStaffPage(villageId: string, villageName: string, data: PublicGridStaff) {
  return page(
    `${villageName} 网格员公示`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p>
<h1>${villageName} 网格员公示</h1>
<p class="meta">有事可直接联系所在网格的网格员。不知道自己在哪个网格，可看各网格的四至，或联系网格长。</p>
${supervisionLine(data.info)}
${data.map ? html`<h2>网格分布图</h2><a href="${photoPath(villageId, data.map.sha256)}"><img class="map" src="${photoPath(villageId, data.map.sha256)}" alt="${villageName}网格分布图"></a><p class="meta noprint">点图片可放大查看。</p>` : ''}
${data.grids.length ? data.grids.map((g) => html`<h2 id="grid-${g.id}">${g.name}</h2>${g.bounds ? html`<p class="meta">四至：${g.bounds}</p>` : ''}${staffList(villageId, g.staff)}${g.staff.length ? html`<p class="meta noprint"><a href="/public/${villageId}/grids/${g.id}/cards">打印本网格服务联系卡</a></p>` : ''}`) : html`<p class="meta">尚未划分网格。</p>`}
<p class="noprint"><a href="/public/${villageId}/grids/print">打印网格员公示牌（A4 张贴版）</a></p>`,
    STYLE,
  )
}

const PRINT_STYLE = `@page{size:A4;margin:15mm}body{max-width:none;font-size:12pt}h1{font-size:20pt;text-align:center}
table{width:100%}th,td{vertical-align:top}td.photo{width:22mm;padding:1mm}td.photo img{width:20mm;height:26mm;object-fit:cover;display:block}.qr{float:right;width:30mm;height:30mm;margin:0 0 4mm 4mm}.qr svg{width:100%;height:100%}`

/** The A4 公示牌: every grid, its 四至 and staff with phones, the 监督电话, a QR code to the page. */
export function gridStaffPrintPage(villageId: string, villageName: string, data: PublicGridStaff, qrSvg: string, url: string, today: string) {
  const photos = data.grids.some((g) => g.staff.some((s) => s.photo))
  return page(
    `${villageName} 网格员公示牌`,
    html`<div class="qr">${raw(qrSvg)}</div><h1>${villageName} 网格员公示牌</h1>
<table><thead><tr><th>网格</th>${photos ? html`<th>照片</th>` : ''}<th>姓名</th><th>职务</th><th>分工和工作内容</th><th>联系电话</th></tr></thead><tbody>
${data.grids.map((g) =>
  g.staff.length
    ? g.staff.map((s, i) => html`<tr>${i === 0 ? html`<td rowspan="${g.staff.length}">${g.name}${g.bounds ? html`<br><span class="meta">${g.bounds}</span>` : ''}</td>` : ''}${photos ? html`<td class="photo">${s.photo ? html`<img src="${photoPath(villageId, s.photo.sha256)}" alt="${s.name}的照片">` : ''}</td>` : ''}<td>${s.name}</td><td>${s.title}</td><td>${s.duties || '—'}</td><td>${spacedPhone(s.phone)}</td></tr>`)
    : html`<tr><td>${g.name}</td><td colspan="${photos ? 5 : 4}" class="meta">尚未公示</td></tr>`,
)}</tbody></table>
${data.info.supervisionPhone ? html`<p><strong>监督电话：${spacedPhone(data.info.supervisionPhone)}</strong>${data.info.supervisionUnit ? `（${data.info.supervisionUnit}）` : ''}</p>` : ''}
<p class="meta">公示日期：${today}。扫码或访问 ${url} 查看最新公示。</p>`,
    PRINT_STYLE,
  )
}

const CARD_STYLE = `@page{size:A4;margin:10mm}body{max-width:none;padding:0;font-size:10.5pt}
.cards{display:grid;grid-template-columns:1fr 1fr;gap:4mm}.card{border:1px dashed #888;padding:3mm 4mm;height:62mm;box-sizing:border-box;overflow:hidden;break-inside:avoid}
.card h2{font-size:12pt;margin:0 0 1mm}.card .qr{float:right;width:20mm;height:20mm}.card .qr svg{width:100%;height:100%}.card p{margin:.5mm 0}
@media screen{.cards{max-width:190mm}}`

/** Eight copies of one grid's 服务联系卡 on an A4 sheet, to cut and hand out door to door. */
export function contactCardsPage(villageName: string, grid: PublicGrid, info: BoardInfo, qrSvg: string, url: string) {
  const card = html`<div class="card"><div class="qr">${raw(qrSvg)}</div><h2>${villageName}${grid.name} 网格服务联系卡</h2>
${grid.staff.map((s) => html`<p>${s.title} <strong>${s.name}</strong>：${spacedPhone(s.phone)}</p>`)}
${info.supervisionPhone ? html`<p>监督电话：${spacedPhone(info.supervisionPhone)}${info.supervisionUnit ? `（${info.supervisionUnit}）` : ''}</p>` : ''}
<p class="meta">有困难、有矛盾、有隐患，请找网格员。扫码查看村务公开。</p></div>`
  return page(`${villageName}${grid.name} 服务联系卡`, html`<p class="noprint meta">本页可直接打印，每张 A4 八张卡片，沿虚线剪开。地址：${url}</p><div class="cards">${Array.from({ length: 8 }, () => card)}</div>`, CARD_STYLE)
}
