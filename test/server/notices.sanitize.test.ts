import { describe, expect, it } from 'vitest'
import { sanitizeNoticeBody } from '../../server/notices/sanitize.js'
import { DANGEROUS, PAYLOADS } from '../helpers/xssPayloads.js'


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
