/**
 * A meeting named once: "2026-03-05 3月支部委员会会议" rather than "2026-03-05 党支部委员会会议
 * 3月支部委员会会议". The type is added only when the title does not already say it.
 */
import { MEETING_TYPE_LABELS, type MeetingIndexEntry } from '../../../shared/meetingIndex'

/** Words that already name the type in a title (a 党支部委员会会议 is usually called 支委会 or 支部…会议). */
const TYPE_WORDS: Partial<Record<MeetingIndexEntry['type'], readonly string[]>> = {
  party_branch: ['支部委员会', '支委会', '支部会'],
  joint_committee: ['两委'],
}

export function titleNamesType(m: Pick<MeetingIndexEntry, 'type' | 'title'>): boolean {
  return [MEETING_TYPE_LABELS[m.type], ...(TYPE_WORDS[m.type] ?? [])].some((word) => m.title.includes(word))
}

export function meetingLabel(m: MeetingIndexEntry): string {
  const title = m.title.trim()
  if (!title) return `${m.date} ${MEETING_TYPE_LABELS[m.type]}`
  return titleNamesType(m) ? `${m.date} ${title}` : `${m.date} ${MEETING_TYPE_LABELS[m.type]}：${title}`
}
