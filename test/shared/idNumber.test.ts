import { describe, expect, it } from 'vitest'
import { ageOn, idCheckChar, maskIdNumber, parseIdNumber } from '../../shared/ledger/idNumber.js'

const TODAY = '2026-11-23'

describe('GB 11643 identity numbers', () => {
  it('accepts the standard sample and reads birth date and sex from it', () => {
    const parsed = parseIdNumber('11010519491231002x', TODAY)
    expect(parsed).toEqual({ ok: true, info: { id: '11010519491231002X', birthDate: '1949-12-31', sex: '女' } })
    const male = `44052419800101001${idCheckChar('44052419800101001')}`
    expect(parseIdNumber(male, TODAY)).toEqual({ ok: true, info: { id: male, birthDate: '1980-01-01', sex: '男' } })
  })

  it('computes the check character with weights 2^(17-i) mod 11', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
    // Every possible check value appears for some sequence number.
    const seen = new Set(Array.from({ length: 100 }, (_, i) => idCheckChar(`3301061990010100${String(i % 10)}`.slice(0, 17))))
    expect(seen.size).toBeGreaterThan(5)
  })

  it('rejects a wrong check digit, a wrong length, letters and impossible or future birth dates', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, error: '身份证号校验位不正确' })
    expect(parseIdNumber('11010519491231002', TODAY)).toEqual({ ok: false, error: '身份证号应为18位（最后一位可为X）' })
    expect(parseIdNumber('1101051949123100AX', TODAY).ok).toBe(false)
    const feb30 = '33010619900230001'
    expect(parseIdNumber(feb30 + idCheckChar(feb30), TODAY)).toEqual({ ok: false, error: '身份证号中的出生日期无效' })
    const future = '33010620270101001'
    expect(parseIdNumber(future + idCheckChar(future), TODAY)).toEqual({ ok: false, error: '身份证号中的出生日期晚于今天' })
  })

  it('counts age in whole years, turning over on the birthday', () => {
    expect(ageOn('1949-12-31', '2026-12-30')).toBe(76)
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77)
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18)
  })

  it('masks all but the first three and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X')
  })
})
