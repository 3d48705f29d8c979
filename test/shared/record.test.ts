import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { fieldError, fieldsByKey, optionLabel, recordSchema, schemaOf, type Field } from '../../shared/record'

const FIELDS = [
  { key: 'name', label: '姓名', schema: z.string().trim().min(1, '请填写姓名'), required: true },
  { key: 'kind', label: '类型', schema: z.enum(['a', 'b'], '请选择类型'), options: ['a', 'b'], optionLabels: { a: '甲', b: '乙' } },
  // A field whose validity depends on the day, as a birth date read from an ID number does.
  { key: 'since', label: '日期', schema: (today: string) => z.string().refine((v) => v <= today, '日期不能晚于今天') },
] as const satisfies readonly Field[]

describe('one record description', () => {
  it('builds one object schema: required fields must be there, the rest may be absent', () => {
    const schema = recordSchema(FIELDS, '2026-03-01')
    expect(schema.safeParse({ name: '张三' }).success).toBe(true)
    const missing = schema.safeParse({ kind: 'a' })
    expect(missing.success).toBe(false)
    expect(missing.error?.issues[0]?.path).toEqual(['name'])
    expect(schema.safeParse({ name: '张三', kind: 'c' }).error?.issues[0]?.message).toBe('请选择类型')
  })

  it('resolves a field that depends on the day against the day given', () => {
    const since = fieldsByKey(FIELDS).since
    expect(schemaOf(since, '2026-03-01').safeParse('2026-03-02').success).toBe(false)
    expect(schemaOf(since, '2026-03-03').safeParse('2026-03-02').success).toBe(true)
    expect(fieldError(since, '2026-03-02', '2026-03-01')).toBe('日期不能晚于今天')
    expect(fieldError(since, '2026-03-01', '2026-03-01')).toBeNull()
  })

  it('shows a coded option by its Chinese label and a plain one as itself', () => {
    const kind = fieldsByKey(FIELDS).kind
    expect(optionLabel(kind, 'b')).toBe('乙')
    expect(optionLabel(fieldsByKey(FIELDS).name, '王五')).toBe('王五')
  })
})

describe('messages without a field-specific text', () => {
  it('are Chinese, not zod’s English defaults', async () => {
    const { household } = await import('../../shared/ledger/kinds/household')
    const result = recordSchema(household.fields, '2026-12-01').safeParse({ householdNo: 12, headName: '张三', address: '一组' })
    expect(result.success).toBe(false)
    const message = result.error?.issues[0]?.message ?? ''
    expect(message).toMatch(/[\u4e00-\u9fff]/)
    expect(message).not.toMatch(/Invalid|expected/)
  })
})
