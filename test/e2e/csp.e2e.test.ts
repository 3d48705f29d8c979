/**
 * The app shell under its Content-Security-Policy (issue #14 item 6), in Chromium: the policy is
 * on every shell response, an injected inline script does not run, and the app itself (sign-in,
 * the live socket, the service worker, the ledger and the minutes editor with two people's
 * carets) works with no violation at all.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, WAIT, reportPageErrors, signIn, startHarness, type Harness, gotoApp } from './browser.js'

let harness: Harness

beforeAll(async () => {
  harness = await startHarness('csp')
}, 240_000)

afterAll(() => harness?.close())

type Violation = { directive: string; blocked: string; at: string }

/** Records every CSP violation the page reports, from its very first script on. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: Violation[] = []
    ;(window as unknown as { __csp: Violation[] }).__csp = seen
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, at: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` }))
  })
  return () => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp.splice(0))
}

describe('app shell CSP', () => {
  it('blocks inline script and lets the whole app run without a violation', async () => {
    const { browser, relay } = harness
    const shell = await fetch(`${relay.url}/v/some-village/ledger`)
    const csp = shell.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("connect-src 'self'")

    const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'zh-CN' })
    const page = await context.newPage()
    reportPageErrors(page, 'csp')
    const violations = await watchViolations(page)
    await page.goto(relay.url)

    const ran = await page.evaluate(async () => {
      const script = document.createElement('script')
      script.textContent = 'window.__inlineRan = true'
      document.body.appendChild(script)
      await new Promise((resolve) => setTimeout(resolve, 0))
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
    })
    expect(ran).toBe(false)
    expect((await violations()).map((v) => v.directive)).toContain('script-src-elem')

    await signIn(page, relay.url, ADMIN)
    await page.getByTestId('new-village-name').fill('安全村')
    await page.getByTestId('new-village-submit').click()
    await page.waitForURL(/\/v\/[A-Za-z0-9_-]+$/, WAIT)
    await expect.poll(() => page.getByTestId('status-online').textContent(), WAIT).toBe('在线')
    await page.getByTestId('tab-minutes').click()
    await page.getByTestId('new-meeting').click()
    await page.getByTestId('meeting-title').fill('安全检查会')
    await page.getByTestId('meeting-place').fill('村委会')
    await page.getByTestId('meeting-date').fill('2026-11-30')
    await page.getByTestId('create-meeting').click()
    await page.getByTestId('meeting-page').waitFor(WAIT)
    const meetingUrl = page.url()
    await page.getByTestId('minutes-body').locator('p').first().click()
    await page.keyboard.insertText('内容安全策略下可以编辑。')

    // A second person on the same meeting brings a collaboration caret (style attributes).
    const second = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage()
    const secondViolations = await watchViolations(second)
    await signIn(second, relay.url, ADMIN)
    await gotoApp(second, meetingUrl)
    await second.getByTestId('minutes-body').locator('p').first().click()
    await second.keyboard.insertText('第二位。')
    await expect.poll(() => page.getByTestId('minutes-body').textContent(), WAIT).toContain('第二位。')
    await expect.poll(() => page.locator('.collaboration-carets__caret').count(), WAIT).toBeGreaterThan(0)

    expect(await violations()).toEqual([])
    expect(await secondViolations()).toEqual([])
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length))).toBeGreaterThan(0)
    await second.context().close()
    await context.close()
  })
})
