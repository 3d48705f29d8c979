/** The wall board's two renderings: the public page masks households and drops phones; the cadre's A4 print names them. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NO_FIGURES } from '../../shared/liulian/figures.js'
import { applySuggestion, groupViews, readGroups, setLeader } from '../../shared/liulian/liulianDoc.js'
import { boardRows, maskHousehold, withoutPhones } from '../../shared/liulian/publicBoard.js'

describe('六联 board', () => {
  it('masks a household to its surname and strips phone numbers', () => {
    expect(maskHousehold('王小明')).toBe('王*户')
    expect(maskHousehold('欧阳')).toBe('欧*户')
    expect(maskHousehold('')).toBe('—')
    expect(withoutPhones('张网格 139 1234 5678，李网格 0635-8123456')).toBe('张网格 ，李网格')
  })

  it('public rows carry surnames only; print rows the full names', () => {
    const doc = new Y.Doc()
    applySuggestion(doc, [{ name: '一组第1联动小组', villagerGroup: '一组', gridId: 'g', householdIds: ['a', 'b'] }], 'u', '2026-05-18')
    setLeader(doc, readGroups(doc)[0]!.id, 'b')
    const names: Record<string, string> = { a: '王小明', b: '李大海' }
    const input = { grids: [{ id: 'g', name: '第一网格' }], gridBoards: new Map([['g', { bounds: '东至河', staff: '张网格 13800001111' }]]), gridStaff: new Map(), groups: groupViews(doc, '2026-05-20'), headName: (id: string) => names[id] ?? null, figures: NO_FIGURES, progress: [] }
    const pub = boardRows(input, 'public')
    expect(pub.groups).toEqual([{ name: '一组第1联动小组', households: 2, leader: '李*户', duty: '王*户', next: '李*户' }])
    expect(pub.grids).toEqual([{ name: '第一网格', bounds: '东至河', staff: '张网格' }])
    expect(JSON.stringify(pub)).not.toMatch(/王小明|李大海|13800001111/)
    const print = boardRows(input, 'print')
    expect(print.groups[0]).toMatchObject({ leader: '李大海户', duty: '王小明户' })
  })

  it('names the grid staff entered one by one, with 职务 and without their phones, in place of the free text', () => {
    const doc = new Y.Doc()
    const staff = [
      { name: '李专职', title: '专职网格员' as const, duties: '', phone: '13900002222', id: 's2', photo: null },
      { name: '王书记', title: '网格长' as const, duties: '', phone: '13900001111', id: 's1', photo: null },
    ]
    const input = { grids: [{ id: 'g', name: '第一网格' }, { id: 'h', name: '第二网格' }], gridBoards: new Map([['g', { bounds: '', staff: '旧写法 13800001111' }], ['h', { bounds: '', staff: '赵网格' }]]), gridStaff: new Map([['g', staff]]), groups: groupViews(doc, '2026-05-20'), headName: () => null, figures: NO_FIGURES, progress: [] }
    expect(boardRows(input, 'public').grids.map((g) => g.staff)).toEqual(['李专职（专职网格员）、王书记（网格长）', '赵网格'])
    expect(JSON.stringify(boardRows(input, 'print'))).not.toMatch(/1390000/)
  })
})
