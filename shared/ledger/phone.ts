/**
 * Phone numbers as people write them, one rule for forms and imports (issues #12, #22).
 *
 * Accepted, after dropping spaces, dashes, dots and parentheses and turning full-width digits
 * into ASCII:
 * - a mainland mobile: 1[3-9] + 9 digits, optionally behind +86 / 0086 / 86 → stored as 11 digits;
 * - a landline WITH its area code (GB/T 13400 numbering plan: 010 and 02x are three digits, other
 *   codes four), then a 7–8 digit local number, optionally an extension after 转 / - / ext →
 *   stored as "0571-12345678" (or "0571-12345678-123").
 * A bare 7- or 8-digit number ("1381234") is refused: without an area code it cannot be dialled
 * from a mobile, and a truncated mobile typed by mistake looks the same.
 */
import { toHalfWidth } from '../text/halfWidth.js'

export type PhoneResult = { ok: true; value: string } | { ok: false; error: string }

const MOBILE = /^1[3-9]\d{9}$/
const THREE_DIGIT_AREA = /^(010|02\d)/

export function phoneError(label: string): string {
  return `${label}格式不正确（手机号为11位；座机须带区号，如 0571-12345678）`
}

export function normalisePhone(raw: string, label = '联系电话'): PhoneResult {
  let text = toHalfWidth(raw).trim()
  let extension = ''
  const ext = /\s*(?:转|分机|ext\.?)\s*(\d{1,6})$/i.exec(text)
  if (ext) {
    extension = ext[1]!
    text = text.slice(0, ext.index)
  }
  const digits = text.replace(/[\s\-–—.()（）]/g, '')
  const mobile = digits.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '')
  if (MOBILE.test(mobile)) return extension ? { ok: false, error: phoneError(label) } : { ok: true, value: mobile }
  // Written with separators: "(0571) 1234 5678", "0571-12345678-123", "+86 571 12345678".
  const parts = /^(\+86|0086)?[\s-]*[(（]?\s*(0?\d{2,3})\s*[)）]?[\s\-–—.]*(\d{3,4}[\s-]?\d{4})(?:[\s\-–—]+(\d{1,6}))?$/.exec(text)
  if (parts && (parts[2]!.startsWith('0') || parts[1])) {
    const area = parts[2]!.startsWith('0') ? parts[2]! : `0${parts[2]}`
    const local = parts[3]!.replace(/[\s-]/g, '')
    if (!(parts[4] && extension)) return landline(area, local, parts[4] ?? extension, label)
  }
  // Written as one run of digits: "057112345678", "+8657112345678".
  const run = digits.replace(/^(\+86|0086)(?=[1-9])/, '0')
  if (/^0\d{9,11}$/.test(run)) {
    const areaLength = THREE_DIGIT_AREA.test(run) ? 3 : 4
    return landline(run.slice(0, areaLength), run.slice(areaLength), extension, label)
  }
  return { ok: false, error: phoneError(label) }
}

function landline(area: string, local: string, extension: string, label: string): PhoneResult {
  if (THREE_DIGIT_AREA.test(area) !== (area.length === 3)) return { ok: false, error: phoneError(label) }
  if (!/^[1-9]\d{6,7}$/.test(local)) return { ok: false, error: phoneError(label) }
  return { ok: true, value: `${area}-${local}${extension ? `-${extension}` : ''}` }
}

/** Is this stored value already a valid, normalised phone number? */
export function isPhone(value: string): boolean {
  const result = normalisePhone(value)
  return result.ok && result.value === value
}
