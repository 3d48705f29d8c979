/**
 * One phone rule for forms and imports (issues #12, #22): mobiles with spaces, dashes, +86;
 * landlines only with their area code; a bare 7-digit number is refused everywhere.
 */
import { describe, expect, it } from 'vitest'
import { household } from '../../shared/ledger/kinds/household.js'
import { resident } from '../../shared/ledger/kinds/resident.js'
import { normalisePhone } from '../../shared/ledger/phone.js'
import { validatePatch, validateRecord } from '../../shared/ledger/validate.js'

const TODAY = '2026-11-23'

describe('normalisePhone', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['139 1234 5678', '13912345678'],
    ['139-1234-5678', '13912345678'],
    ['+86 139 1234 5678', '13912345678'],
    ['0086-13912345678', '13912345678'],
    ['１３９１２３４５６７８', '13912345678'],
    ['0571-12345678', '0571-12345678'],
    ['(0571)12345678', '0571-12345678'],
    ['（0512）5234 5678', '0512-52345678'],
    ['057112345678', '0571-12345678'],
    ['010 6512 3456', '010-65123456'],
    ['021-1234567', '021-1234567'],
    ['+86 571 8888 7777', '0571-88887777'],
    ['0571-12345678-123', '0571-12345678-123'],
    ['0571-12345678转123', '0571-12345678-123'],
  ])('reads %s as %s', (input, expected) => {
    expect(normalisePhone(input)).toEqual({ ok: true, value: expected })
  })

  it.each(['1381234', '12345678', '5234567', '1391234567', '139123456789', '0210-1234567', '0571-123456', 'abc', '13912345678转8'])('refuses %s', (input) => {
    expect(normalisePhone(input, '联系电话')).toEqual({ ok: false, error: '联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）' })
  })
})

describe('the phone fields of forms', () => {
  it('refuse a 7-digit number on manual entry and store what they accept in one form', () => {
    expect(validatePatch(resident, { phone: '1381234' }, TODAY)).toEqual({ ok: false, errors: { phone: '联系电话格式不正确（手机号为11位；座机须带区号，如 0571-12345678）' } })
    expect(validatePatch(resident, { phone: '139 1234 5678' }, TODAY)).toEqual({ ok: true, values: { phone: '13912345678' } })
    const created = validateRecord(household, { householdNo: 'H1', headName: '张伟', address: '一组', phone: '(0512)52345678' }, TODAY)
    expect(created).toEqual({ ok: true, values: { householdNo: 'H1', headName: '张伟', address: '一组', phone: '0512-52345678' } })
  })
})
