/**
 * Resident identity numbers (公民身份号码), GB 11643-1999: 17 digits — 6 of region, 8 of birth
 * date (YYYYMMDD), 3 of sequence (odd = male) — then a check character: the digits weighted by
 * 2^(17-i) mod 11, summed mod 11, mapped through "10X98765432". Birth date and sex are read from
 * the number, never entered twice.
 */
import { isCivilDate } from '../civilDate.js'
import { toHalfWidth } from '../text/halfWidth.js'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

export type IdNumberInfo = { id: string; birthDate: string; sex: '男' | '女' }

/** Full-width digits to ASCII, a trailing x upper-cased, spaces dropped, as people type it. */
export function normaliseIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase()
}

export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** The number's birth date and sex, or the reason (in Chinese) it is not a valid number. */
export function parseIdNumber(raw: string, today: string): { ok: true; info: IdNumberInfo } | { ok: false; error: string } {
  const id = normaliseIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, error: '身份证号应为18位（最后一位可为X）' }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, error: '身份证号校验位不正确' }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isCivilDate(birthDate) || birthDate < '1890-01-01') return { ok: false, error: '身份证号中的出生日期无效' }
  if (birthDate > today) return { ok: false, error: '身份证号中的出生日期晚于今天' }
  return { ok: true, info: { id, birthDate, sex: Number(id[16]) % 2 === 1 ? '男' : '女' } }
}

/** Whole years from birthDate to `on` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years
}

/** Shows the first 3 and last 4 characters only: enough to tell two people apart on screen. */
export function maskIdNumber(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}

