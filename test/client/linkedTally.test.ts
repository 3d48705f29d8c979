/** A 四议两公开 step's numbers come from the minutes it links: attendee rows and the chosen resolution. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { tallyOf } from '../../client/app/decisions/linkedTally.js'
import { addRow, setHeaderField } from '../../shared/minutes/minutesDoc.js'

describe('tallyOf', () => {
  it('counts attendees as 应到, those present as 实到, and lists the resolutions with their votes', () => {
    const doc = new Y.Doc()
    setHeaderField(doc, 'date', '2026-03-08')
    addRow(doc, 'attendees', { name: '王芳', attendance: 'present' })
    addRow(doc, 'attendees', { name: '李强', attendance: 'present' })
    addRow(doc, 'attendees', { name: '赵敏', attendance: 'leave', reason: '外出务工' })
    addRow(doc, 'resolutions', { text: '同意村道硬化', for: '2', against: '0', abstain: '0' })
    const tally = tallyOf(doc)
    expect(tally).toMatchObject({ date: '2026-03-08', eligible: 3, present: 2 })
    expect(tally.resolutions).toEqual([{ id: expect.any(String), text: '同意村道硬化', for: '2', against: '0', abstain: '0' }])
  })

  it('has nothing to offer from minutes without attendees or votes', () => {
    expect(tallyOf(new Y.Doc())).toEqual({ date: '', eligible: 0, present: 0, resolutions: [] })
  })
})
