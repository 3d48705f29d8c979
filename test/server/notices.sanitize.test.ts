import { describe, expect, it } from 'vitest'
import { sanitizeNoticeBody } from '../../server/notices/sanitize.js'

/** Classic XSS payloads (OWASP filter-evasion cheat sheet and friends). */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">点我</a>',
  '<a href="https://evil.example">外链</a>',
  '<p style="background:url(https://evil.example/t.png)">x</p>',
  '<div onclick="alert(1)">x</div>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example"><button>提交</button></form>',
  '<video><source onerror="alert(1)"></video>',
  '<style>@import "https://evil.example/x.css";</style>',
  '"><script>alert(document.cookie)</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<p>正常</p><!--<script>alert(1)</script>-->',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<td onmouseover=alert(1)>x</td>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
]

const DANGEROUS = [/<script/i, /<\/script/i, /\son\w+\s*=/i, /javascript:/i, /<iframe/i, /<img/i, /<svg/i, /<a\s/i, /href=/i, /src=/i, /style=/i, /<style/i, /<link/i, /<meta/i, /<base/i, /<object/i, /<embed/i, /<form/i, /<input/i, /https?:\/\//i, /background=/i]

describe('sanitizeNoticeBody', () => {
  it.each(PAYLOADS)('neutralises %s', (payload) => {
    const clean = sanitizeNoticeBody(`<p>前言</p>${payload}<p>结尾</p>`)
    for (const pattern of DANGEROUS) expect(clean).not.toMatch(pattern)
    expect(clean).toContain('前言')
  })

  it('keeps simple formatting and typed line breaks', () => {
    expect(sanitizeNoticeBody('<p><strong>一、</strong>村道硬化</p><ul><li>预算 12 万元</li></ul>')).toBe('<p><strong>一、</strong>村道硬化</p><ul><li>预算 12 万元</li></ul>')
    expect(sanitizeNoticeBody('第一行\n第二行\n\n第二段')).toBe('<p>第一行<br />第二行</p><p>第二段</p>')
    expect(sanitizeNoticeBody('收入 < 支出 & 结余')).toBe('<p>收入 &lt; 支出 &amp; 结余</p>')
  })

  it('a body of nothing but code is empty after cleaning', () => {
    expect(sanitizeNoticeBody('<script>alert(1)</script>')).toBe('')
  })
})
