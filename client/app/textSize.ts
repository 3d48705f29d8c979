/**
 * 适老化 large-text mode: the whole UI scales from the root font size (every size in styles.css is
 * in rem/em), at 1×, 1.25× or 1.5×. The choice belongs to the device (an older cadre's phone, a
 * shared office PC), so it lives in localStorage and is applied before the first render.
 */
export const TEXT_SIZES = ['normal', 'large', 'larger'] as const
export type TextSize = (typeof TEXT_SIZES)[number]
export const TEXT_SIZE_LABELS: Record<TextSize, string> = { normal: '标准', large: '大字 1.25 倍', larger: '特大 1.5 倍' }

const KEY = 'cunwu-text-size'

export function storedTextSize(): TextSize {
  try {
    const value = window.localStorage.getItem(KEY)
    return (TEXT_SIZES as readonly string[]).includes(value ?? '') ? (value as TextSize) : 'normal'
  } catch (error) {
    console.warn('reading the text size failed', error)
    return 'normal'
  }
}

/** Sets the size on <html data-text-size> (styles.css scales the root from it) and remembers it. */
export function applyTextSize(size: TextSize, remember = true): void {
  document.documentElement.dataset.textSize = size
  if (!remember) return
  try {
    window.localStorage.setItem(KEY, size)
  } catch (error) {
    console.warn('saving the text size failed', error)
  }
}
