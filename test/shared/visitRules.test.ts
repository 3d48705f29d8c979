import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_VISIT_RULES, dueVisits } from '../../shared/ledger/visitRules.js'
import { effectiveVisitRules } from '../../shared/settings/effective.js'
import { readVillageLayer, setVillageRule } from '../../shared/settings/villageLayer.js'

const TODAY = '2026-11-23'

describe('visit rules', () => {
  it('shows each household once, under its strictest unmet rule', () => {
    const due = dueVisits(
      [
        { householdId: 'ordinary-ok', flags: [], visitDates: ['2026-03-01', '2026-09-01'] },
        { householdId: 'ordinary-due', flags: [], visitDates: ['2026-03-01', '2025-12-31'] },
        { householdId: 'key-due', flags: ['重点户'], visitDates: ['2026-03-01', '2026-09-30'] },
        { householdId: 'key-ok', flags: ['困难户'], visitDates: ['2026-01-01', '2026-10-01'] },
        { householdId: 'monthly-due', flags: ['低保户'], visitDates: ['2026-10-31', '2026-01-02', '2026-05-01'] },
        { householdId: 'monthly-ok', flags: ['残疾'], visitDates: ['2026-11-01', '2026-02-02'] },
      ],
      DEFAULT_VISIT_RULES,
      TODAY,
    )
    expect(due.map((d) => [d.householdId, d.rule.id, d.done, d.periodEnd])).toEqual([
      ['ordinary-due', 'ordinary', 1, '2026-12-31'],
      ['key-due', 'key', 0, '2026-12-31'],
      ['monthly-due', 'monthly', 0, '2026-11-30'],
    ])
  })

  it('asks for a visit every month to a household with a floating (流动) member', () => {
    const due = dueVisits(
      [
        { householdId: 'floating-due', flags: [], residenceTypes: ['户籍', '流动'], visitDates: ['2026-03-01', '2026-10-15'] },
        { householdId: 'floating-ok', flags: [], residenceTypes: ['流动'], visitDates: ['2026-11-02', '2026-05-01'] },
        { householdId: 'registered', flags: [], residenceTypes: ['户籍'], visitDates: ['2026-03-01', '2026-10-15'] },
      ],
      DEFAULT_VISIT_RULES,
      TODAY,
    )
    expect(due.map((d) => [d.householdId, d.rule.id])).toEqual([['floating-due', 'monthly']])
  })

  it('asks for a monthly visit to a household with a special-population or care member, known only with the grant', () => {
    const visited = ['2026-03-01', '2026-10-15']
    const due = dueVisits(
      [
        { householdId: 'special-due', flags: [], categories: ['社区矫正对象'], visitDates: visited },
        { householdId: 'care-due', flags: [], categories: ['留守儿童'], visitDates: visited },
        { householdId: 'special-ok', flags: [], categories: ['刑满释放人员'], visitDates: [...visited, '2026-11-03'] },
        // The same household seen by a viewer without the sensitive grant: no categories, nothing due.
        { householdId: 'no-grant', flags: [], visitDates: visited },
      ],
      DEFAULT_VISIT_RULES,
      TODAY,
    )
    expect(due.map((d) => [d.householdId, d.rule.id])).toEqual([
      ['special-due', 'special'],
      ['care-due', 'special'],
    ])
  })

  it('takes a village\'s overrides from the meta doc', () => {
    const meta = new Y.Doc()
    setVillageRule(meta, 'ordinary', { minCount: 1 })
    setVillageRule(meta, 'monthly', { enabled: false })
    const rules = effectiveVisitRules(null, readVillageLayer(meta))
    expect(rules.find((r) => r.id === 'ordinary')?.minCount).toBe(1)
    expect(dueVisits([{ householdId: 'h', flags: ['低保户'], visitDates: ['2026-01-05'] }], rules, TODAY)).toEqual([])
  })
})
