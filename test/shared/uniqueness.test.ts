import { describe, expect, it } from 'vitest'
import type { LedgerRecord } from '../../shared/ledger/kind.js'
import { uniquenessErrors } from '../../shared/ledger/uniqueness.js'

const household = (id: string, householdNo: string, headName: string): LedgerRecord => ({ id, kind: 'household', gridId: 'g1', values: { householdNo, headName }, createdBy: 'u', createdAt: '2026-11-30T00:00:00.000Z', facts: [] })
const others = [household('h1', '010001', '程梁先'), household('h2', '010002', '陈昌俊')]
const describeIt = (r: LedgerRecord) => `${String(r.values.headName)}户`

describe('unique 户编号 on manual entry', () => {
  it('refuses a new household with a number already in use, naming who has it', () => {
    expect(uniquenessErrors('household', { householdNo: ' 010001 ' }, others, null, describeIt)).toEqual({ householdNo: '户编号 010001 已被「程梁先户」使用，请换一个' })
  })

  it('accepts a free number, a blank one, the record keeping its own number, and kinds without the rule', () => {
    expect(uniquenessErrors('household', { householdNo: '010003' }, others, null, describeIt)).toEqual({})
    expect(uniquenessErrors('household', { householdNo: '' }, others, null, describeIt)).toEqual({})
    expect(uniquenessErrors('household', { householdNo: '010001' }, others, 'h1', describeIt)).toEqual({})
    expect(uniquenessErrors('household', { householdNo: '010002' }, others, 'h1', describeIt)).toHaveProperty('householdNo')
    expect(uniquenessErrors('resident', { householdNo: '010001' }, others, null, describeIt)).toEqual({})
  })
})
