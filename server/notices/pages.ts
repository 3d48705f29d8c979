/**
 * Resident pages (公示栏 online): plain server-rendered HTML that needs no JavaScript (its one
 * script only lets the phone keep the pages for use offline), one small inline stylesheet, so they open fast on an old phone and print on A4. Every value is escaped by
 * hono/html; only a notice body is inserted raw, and it was sanitised before it was stored
 * (sanitize.ts). These pages see nothing but the notice log and the village name (the board also
 * the 民呼我应 figures and the 监督电话 line, each made elsewhere).
 */
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { formatShanghaiMinute } from '../../shared/civilDate.js'
import { BREAK_LABELS, type ChainVerdict } from '../../shared/notices/chain.js'
import { NOTICE_KIND_LABELS } from '../../shared/notices/kinds.js'
import { isPosting, type NoticeRow } from '../../shared/notices/row.js'
import { formatFileSize } from '../../shared/api/attachments.js'

const INLINE_IMAGES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif'])

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

const STYLE = `body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:42rem;padding:.75rem;color:#1a1a1a}
a{color:#0b57d0}h1{font-size:1.35rem;margin:.5rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
ul.list{list-style:none;padding:0}ul.list li{border-bottom:1px solid #ddd;padding:.5rem 0}
.meta{color:#555;font-size:.9rem}.tag{display:inline-block;background:#eef3fd;border-radius:4px;padding:0 .35rem;font-size:.85rem}
.ok{color:#0a7d32;font-weight:bold}.bad{color:#b3261e;font-weight:bold}.hash{font-family:monospace;font-size:.75rem;word-break:break-all;color:#555}
.body{border-top:1px solid #ddd;margin-top:.75rem;padding-top:.5rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .4rem}
table.figures th,table.figures td{white-space:nowrap}
.tel{font-size:1.1rem;white-space:nowrap}.supervision{background:#fff8e1;border:1px solid #e0c060;border-radius:6px;padding:.5rem .75rem}
@media print{a.noprint,.noprint{display:none}}`

const PRINT_STYLE = `@page{size:A4;margin:18mm}body{max-width:none;font-size:14pt}h1{font-size:20pt;text-align:center}
.qr{float:right;width:34mm;height:34mm;margin:0 0 4mm 4mm}.qr svg{width:100%;height:100%}.sign{margin-top:12mm;text-align:right}`

export const shanghaiTime = formatShanghaiMinute

/**
 * The pages' one script, loaded from this origin: it registers the offline worker
 * (client/public/public-offline.js, public-sw.js). Nothing on a page needs it.
 */
export const OFFLINE_SCRIPT = '<script src="/public-offline.js" defer></script>'

export function page(title: string, content: Html, extraStyle = ''): Html {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${raw(STYLE + extraStyle)}</style>${raw(OFFLINE_SCRIPT)}</head>
<body>${content}</body></html>`
}

function noticeLine(villageId: string, n: NoticeRow, postings: readonly NoticeRow[]): Html {
  const posted = postings.filter((p) => p.posting?.of === n.seq)
  return html`<li><a href="/public/${villageId}/${n.seq}">第 ${n.seq} 号 ${n.title}</a><br>
<span class="tag">${NOTICE_KIND_LABELS[n.kind]}</span> <span class="meta">公示期 ${n.periodFrom} 至 ${n.periodTo} · ${shanghaiTime(n.publishedAt)} 发布</span>
${n.correctionOf ? html`<span class="meta">（更正第 ${n.correctionOf} 号）</span>` : ''}${posted.length ? html` <span class="tag posted">已张贴 ${posted[0]!.posting!.postedOn}${posted.length > 1 ? `等 ${posted.length} 次` : ''}</span>` : ''}</li>`
}

/** Board: notices in their publicity period first, then the past ones, newest first; posting records go with their notice. */
export function boardPage(villageId: string, villageName: string, rows: NoticeRow[], today: string, matters: Html | '' = '', supervision: Html | '' = ''): Html {
  const postings = rows.filter(isPosting)
  const notices = rows.filter((n) => !isPosting(n))
  const newest = [...notices].reverse()
  const current = newest.filter((n) => n.periodFrom <= today && today <= n.periodTo)
  const past = newest.filter((n) => !current.includes(n))
  const list = (rows: NoticeRow[], empty: string) =>
    rows.length ? html`<ul class="list">${rows.map((n) => noticeLine(villageId, n, postings))}</ul>` : html`<p class="meta">${empty}</p>`
  return page(
    `${villageName} 村务公开栏`,
    html`<h1>${villageName} 村务公开栏</h1>
<p class="meta">共 ${notices.length} 条公告。公告一经发布不可修改或删除，更正以新公告发布；每次张贴的日期、地点和照片记在公告下。<a href="/public/${villageId}/verify">核验公告记录是否完整</a> · <a href="/public/${villageId}/grids">网格分布图和网格员公示（联系电话）</a> · <a href="/public/${villageId}/linkage">联网联户公示</a> · <a href="/public/${villageId}/liulian">“六联机制”公示</a></p>
${supervision}
<h2>公示中</h2>${list(current, '目前没有公示中的公告。')}
<h2>往期公告</h2>${list(past, '没有往期公告。')}
${matters}`,
  )
}

/** The bare /public/: every village's board, by name (no notice content, nothing personal). */
export function boardIndexPage(villages: readonly { id: string; name: string }[]): Html {
  return page(
    '村务公开栏',
    html`<h1>村务公开栏</h1>
<p class="meta">请选择村庄，查看该村的村务、财务公开和四议两公开决议公告。</p>
${villages.length ? html`<ul class="list">${villages.map((v) => html`<li><a href="/public/${v.id}">${v.name} 村务公开栏</a></li>`)}</ul>` : html`<p class="meta">还没有村庄。</p>`}`,
  )
}

/** A notice's page: the notice, what corrects it, and where and when it was put up (张贴记录). */
export function noticePage(villageName: string, n: NoticeRow, correctedBy: NoticeRow[], postings: NoticeRow[] = []): Html {
  return page(
    `${n.title} - ${villageName}`,
    html`<p class="noprint"><a href="/public/${n.villageId}">‹ ${villageName} 村务公开栏</a></p>
${noticeContent(villageName, n)}
${correctedBy.length ? html`<p class="bad">本公告已被更正：${correctedBy.map((c) => html`<a href="/public/${n.villageId}/${c.seq}">第 ${c.seq} 号</a> `)}</p>` : ''}
${postingSection(n, postings)}
<p class="meta">本条哈希：<span class="hash">${n.hash}</span><br>上一条哈希：<span class="hash">${n.prevHash}</span></p>
<p class="noprint"><a href="/public/${n.villageId}/${n.seq}/print">打印（A4 张贴版）</a> · <a href="/public/${n.villageId}/verify">核验公告记录</a></p>`,
  )
}

function noticeContent(villageName: string, n: NoticeRow): Html {
  if (n.posting) {
    return html`<h1>${n.title}</h1>
<p class="meta"><span class="tag">张贴记录</span> ${villageName} 第 ${n.seq} 号记录 · ${n.publisherName} 于 ${shanghaiTime(n.publishedAt)} 登记<br>
记录的是 <a href="/public/${n.villageId}/${n.posting.of}">第 ${n.posting.of} 号公告</a> 的张贴：${n.posting.postedOn}，${n.posting.places.join('、')}</p>
<div class="body">${raw(n.body)}</div>${noticeFiles(n, '张贴照片')}`
  }
  return html`<h1>${n.title}</h1>
<p class="meta"><span class="tag">${NOTICE_KIND_LABELS[n.kind]}</span> ${villageName} 第 ${n.seq} 号公告 · ${n.publisherName} 于 ${shanghaiTime(n.publishedAt)} 发布<br>
公示期：${n.periodFrom} 至 ${n.periodTo}${n.correctionOf ? html`<br>本公告更正第 <a href="/public/${n.villageId}/${n.correctionOf}">${n.correctionOf}</a> 号公告` : ''}</p>
<div class="body">${raw(n.body)}</div>${noticeFiles(n)}`
}

/** Each time the notice went up: the day, the places, who recorded it, and its photos. */
function postingSection(n: NoticeRow, postings: readonly NoticeRow[]): Html | '' {
  if (!postings.length) return ''
  const href = (p: NoticeRow, sha256: string) => `/public/${p.villageId}/${p.seq}/files/${sha256}`
  return html`<h2>张贴记录</h2><ul class="list postings">${postings.map(
    (p) => html`<li data-posting="${p.seq}"><strong>${p.posting!.postedOn}</strong> 张贴于 ${p.posting!.places.join('、')}<br>
<span class="meta">${p.publisherName} 于 ${shanghaiTime(p.publishedAt)} 登记 · <a href="/public/${n.villageId}/${p.seq}">第 ${p.seq} 号记录</a></span>
${(p.attachments ?? []).map((a) => html`<br><img src="${href(p, a.sha256)}" alt="张贴照片：${a.name}" style="max-width:100%;height:auto">`)}</li>`,
  )}</ul>`
}

/** A notice's files: images shown, everything else a download link; each with its SHA-256. */
function noticeFiles(n: NoticeRow, heading = '附件'): Html | '' {
  const files = n.attachments ?? []
  if (!files.length) return ''
  const href = (sha256: string) => `/public/${n.villageId}/${n.seq}/files/${sha256}`
  return html`<h2>${heading}</h2><ul class="list files">${files.map(
    (a) => html`<li>${INLINE_IMAGES.has(a.type) ? html`<img src="${href(a.sha256)}" alt="${a.name}" style="max-width:100%;height:auto"><br>` : ''}<a href="${href(a.sha256)}">${a.name}</a>
<span class="meta">（${formatFileSize(a.size)}）</span><br><span class="hash">SHA-256：${a.sha256}</span></li>`,
  )}</ul>`
}

export function printPage(villageName: string, n: NoticeRow, qrSvg: string, url: string): Html {
  return page(
    `${n.title}（张贴版）`,
    html`<div class="qr">${raw(qrSvg)}</div>${noticeContent(villageName, n)}
<p class="sign">${villageName}<br>${n.periodFrom}</p>
<p class="meta">扫码或访问 ${url} 查看并核验本公告。哈希：<span class="hash">${n.hash}</span></p>`,
    PRINT_STYLE,
  )
}

export function verifyPage(villageId: string, villageName: string, verdict: ChainVerdict, postings = 0): Html {
  const result = verdict.intact
    ? html`<p class="ok" data-verdict="intact">公告记录完整：共 ${verdict.count} 条${postings ? `（其中张贴记录 ${postings} 条）` : ''}，逐条核验通过，没有被修改、删除或调换顺序。</p>
<p class="meta">最新一条的哈希：<span class="hash">${verdict.head}</span>（可与张贴版上印的哈希对照）</p>`
    : html`<p class="bad" data-verdict="broken">公告记录有问题：第 ${verdict.seq} 号起${BREAK_LABELS[verdict.kind]}。</p><p>${verdict.detail}</p>`
  return page(
    `核验 - ${villageName}`,
    html`<p><a href="/public/${villageId}">‹ ${villageName} 村务公开栏</a></p><h1>核验公告记录</h1>
<p class="meta">每条公告都记录了上一条公告的哈希（SHA-256）和所附文件的哈希，本页重新计算整条链，并逐个核对附件。</p>${result}`,
  )
}

export function notFoundPage(message: string): Html {
  return page('未找到', html`<h1>未找到</h1><p>${message}</p>`)
}
