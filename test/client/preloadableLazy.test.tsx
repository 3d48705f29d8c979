/**
 * A section loaded ahead renders at once instead of suspending on its first render (issue #21:
 * the fallback, then a retry behind other work, cost 40–50 ms before the ledger's first row).
 * Rendered to static markup, where a suspended component shows its fallback.
 */
import { Suspense, type ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { preloadableLazy } from '../../client/app/components/preloadableLazy'

function Greeting({ name }: { name: string }) {
  return <p>你好，{name}</p>
}

const render = (Component: ComponentType<{ name: string }>) =>
  renderToStaticMarkup(
    <Suspense fallback={<p>正在打开…</p>}>
      <Component name="王网格" />
    </Suspense>,
  )

describe('preloadableLazy', () => {
  it('renders a preloaded component directly, where React.lazy would suspend on its first render', async () => {
    let loads = 0
    const section = preloadableLazy(async () => {
      loads++
      return Greeting
    })
    await section.preload()
    await section.preload()
    expect(render(section.Component)).toBe('<p>你好，王网格</p>')
    expect(loads).toBe(1)
  })

  it('suspends like React.lazy when not loaded ahead', () => {
    const section = preloadableLazy(async () => Greeting)
    expect(render(section.Component)).toContain('正在打开…')
  })

  it('loads again after a failed load', async () => {
    let attempt = 0
    const section = preloadableLazy(async () => {
      attempt++
      if (attempt === 1) throw new Error('offline')
      return Greeting
    })
    await expect(section.preload()).rejects.toThrow('offline')
    await section.preload()
    expect(render(section.Component)).toContain('王网格')
    expect(attempt).toBe(2)
  })
})
