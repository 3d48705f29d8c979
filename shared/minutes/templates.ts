/**
 * Body templates: the customary headings of each meeting type (DOMAIN.md §3.4), written into a
 * new meeting's body so the recorder fills in rather than starts blank. 矛排例会 follows F001§17
 * (包片领导 report, 未结纠纷包案与调处措施, 下周综治工作安排).
 */
import * as Y from 'yjs'
import { upsertMeetingIndex, type MeetingType } from '../meetingIndex.js'
import { heading, paragraph, writeNodes, type ElementNode } from './body.js'
import type { HeaderField } from './fields.js'
import { bodyFragment, indexEntry, meetingMap, readHeader } from './minutesDoc.js'

const HEADINGS: Record<MeetingType, readonly string[]> = {
  party_branch: ['一、学习内容', '二、议题讨论', '三、会议决定', '四、工作安排'],
  joint_committee: ['一、会议议题', '二、讨论情况', '三、形成意见', '四、工作分工'],
  party_members: ['一、会议议程', '二、审议事项', '三、表决情况', '四、会议决议'],
  representatives: ['一、会议议程', '二、议题说明', '三、代表发言', '四、表决结果', '五、会议决议'],
  villagers: ['一、会议议程', '二、议题说明', '三、村民意见', '四、表决结果', '五、会议决议'],
  dispute_review: ['一、包片领导汇报', '二、矛盾纠纷排查情况', '三、未结矛盾纠纷包案及调处措施', '四、下周综治工作安排'],
  grid_work: ['一、各网格社情民意汇报', '二、问题梳理与分析', '三、上报与解决事项', '四、下阶段工作安排'],
  other: ['一、会议内容', '二、会议决定'],
}

export function templateFor(type: MeetingType): ElementNode[] {
  return HEADINGS[type].flatMap((h) => [heading(h, 3), paragraph()])
}

/**
 * Fills a new minutes doc (header + template body) and writes its entry into the meta doc's
 * meeting index. Both are ordinary local edits, so a meeting can be created offline.
 */
export function createMeeting(minutes: Y.Doc, meta: Y.Doc, meetingId: string, header: Record<HeaderField, string>): void {
  minutes.transact(() => {
    const map = meetingMap(minutes)
    for (const [key, value] of Object.entries(header)) map.set(key, value)
    writeNodes(bodyFragment(minutes), templateFor(header.type as MeetingType))
  })
  upsertMeetingIndex(meta, indexEntry(meetingId, readHeader(minutes)))
}
