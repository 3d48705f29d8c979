/** The picker's order: every typed word must match; recent picks first, then the same grid, then by name. */
import { describe, expect, it } from 'vitest'
import { rankOptions, type PickOption } from '../../client/app/components/RecordPicker.js'

const options: PickOption[] = [
  { id: 'a', label: '陈昌俊户', search: '010002 陈昌俊 青石村1组9号', gridId: 'g1' },
  { id: 'b', label: '程梁先户', search: '010001 程梁先 青石村1组16号', gridId: 'g1' },
  { id: 'c', label: '蔡博德户', search: '020001 蔡博德 青石村2组3号 320581198001011234', gridId: 'g2' },
  { id: 'd', label: '王芳户', search: '020002 王芳 青石村2组8号', gridId: 'g2' },
]
const ids = (found: PickOption[]) => found.map((o) => o.id)

describe('rankOptions', () => {
  it('finds by 户编号, name or ID digits, every word counting', () => {
    expect(ids(rankOptions(options, '010002', [], [], null))).toEqual(['a'])
    expect(ids(rankOptions(options, '1234', [], [], null))).toEqual(['c'])
    expect(ids(rankOptions(options, '青石村 2组', [], [], null)).sort()).toEqual(['c', 'd'])
    expect(rankOptions(options, '李', [], [], null)).toEqual([])
  })

  it('offers recent picks first, then the same grid, and never what is already picked', () => {
    expect(ids(rankOptions(options, '', [], ['d'], 'g1'))).toEqual(['d', 'a', 'b', 'c'])
    expect(ids(rankOptions(options, '', ['a'], [], 'g2'))).toEqual(['c', 'd', 'b'])
  })
})
