/** A record's stored changes as the lines its 修改记录 shows: labels, order, masking, facts, bookkeeping. */
import { describe, expect, it } from 'vitest'
import { incident } from '../../shared/ledger/kinds/incident'
import { household } from '../../shared/ledger/kinds/household'
import { resident } from '../../shared/ledger/kinds/resident'
import { changeLines } from '../../client/app/ledger/recordChanges'

describe('changeLines', () => {
  it('labels fields in the kind’s order and masks ID numbers and masked phones', () => {
    const lines = changeLines(resident, [
      { field: 'idNumber', old: '110101199003070011', new: '110101199003071234' },
      { field: 'name', old: null, new: '张三' },
    ])
    expect(lines[0]).toEqual({ label: '姓名', old: '', new: '张三' })
    expect(lines[1]?.label).toBe('身份证号')
    expect(lines[1]?.old).not.toContain('199003070011')
    expect(lines[1]?.new).not.toContain('199003071234')
    expect(lines[1]?.new).toBe('110***********1234')
    const phone = changeLines(incident, [{ field: 'contactPhone', old: null, new: '13912345678' }])
    expect(phone).toEqual([{ label: '反映人联系电话', old: '', new: '139****5678' }])
  })

  it('shows tags joined, a workflow fact as who did what, and hides the reporter id', () => {
    expect(changeLines(household, [{ field: 'flags', old: ['低保户'], new: ['低保户', '脱贫户'] }])).toEqual([{ label: '户类别', old: '低保户', new: '低保户、脱贫户' }])
    // As the relay lists an array field: by element.
    expect(changeLines(household, [{ field: 'flags[1]', old: null, new: '脱贫户' }, { field: 'flags[0]', old: '低保户', new: '五保户' }])).toEqual([
      { label: '户类别（第 2 项）', old: '', new: '脱贫户' },
      { label: '户类别（第 1 项）', old: '低保户', new: '五保户' },
    ])
    const lines = changeLines(incident, [
      { field: '_facts[0]', old: null, new: { id: 'f1', action: 'accept', by: 'u1', byName: '王书记', at: '2026-12-01T02:00:00.000Z', note: '马上去' } },
      { field: '_createdById', old: null, new: 'u1' },
      { field: '_removedAt', old: null, new: '2026-12-01T02:00:00.000Z' },
    ])
    expect(lines.map((l) => l.label)).toEqual(['处理记录', '删除时间'])
    expect(lines[0]?.new).toMatch(/^王书记 .+：马上去$/)
    expect(lines[0]?.new).not.toContain('accept')
    expect(lines[1]?.new).toBe('2026/12/01 10:00:00')
  })
})
