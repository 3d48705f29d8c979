/**
 * A row that scrolls sideways (the village tabs and the township admin's menu on a phone) and
 * shows that it does: a fade with a › at the edge where more is hidden, gone once scrolled to the
 * end. Without it "四议两公开" was cut to "四议" with nothing to say there was more.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'

type Props = { children: ReactNode; className: string; label: string; testId?: string }

export function ScrollHint({ children, className, label, testId = 'scroll-hint' }: Props) {
  const ref = useRef<HTMLElement>(null)
  const [more, setMore] = useState({ left: false, right: false })
  const measure = useCallback(() => {
    const el = ref.current
    if (!el) return
    const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 2
    const left = el.scrollLeft > 2
    setMore((m) => (m.left === left && m.right === right ? m : { left, right }))
  }, [])
  useEffect(() => {
    const el = ref.current
    if (!el) return
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    // Tabs that appear later (access known, a linkage found) widen the row, not the nav's box.
    const mutations = new MutationObserver(measure)
    mutations.observe(el, { childList: true, subtree: true, characterData: true })
    return () => {
      observer.disconnect()
      mutations.disconnect()
    }
  }, [measure])
  // The current tab is scrolled into view when the page changes, so the page you are on is never
  // the hidden one; not on every render, or a measure after the user's own scroll would undo it.
  const page = typeof location === 'undefined' ? '' : location.pathname
  useEffect(() => {
    ref.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    measure()
  }, [page, measure])
  return (
    <div className="scroll-hint" data-more-left={more.left} data-more-right={more.right} data-testid={testId}>
      <nav ref={ref} className={className} aria-label={label} onScroll={measure}>
        {children}
      </nav>
      {more.right && (
        <span className="more-right" aria-hidden="true">
          ›
        </span>
      )}
    </div>
  )
}
