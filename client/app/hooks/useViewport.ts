/**
 * What the screen is like right now: a phone-sized width (lists become cards) and the root font
 * size in px (适老化 text makes rows taller, so virtualised lists measure rows from it).
 */
import { useSyncExternalStore } from 'react'

/** Narrower than this (CSS px) is a phone: cards instead of table rows. */
export const PHONE_MAX_WIDTH = 640

const PHONE_QUERY = `(max-width: ${PHONE_MAX_WIDTH}px)`

export function useIsPhone(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(PHONE_QUERY)
      query.addEventListener('change', onChange)
      return () => query.removeEventListener('change', onChange)
    },
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  )
}

/** The root font size in px, following the text-size switch (textSize.ts sets an attribute on <html>). */
export function useRootFontSize(): number {
  return useSyncExternalStore(
    (onChange) => {
      const observer = new MutationObserver(onChange)
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-text-size'] })
      return () => observer.disconnect()
    },
    () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 17,
    () => 17,
  )
}
