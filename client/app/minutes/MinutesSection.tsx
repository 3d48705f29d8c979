/**
 * 会议记录: routes on the section's rest of path —
 *   []                    the meetings list (filters, missing-meeting flags)
 *   ['new']               a new meeting
 *   ['tasks']             工作任务台账: the tasks every meeting set, followed to done
 *   [meetingId]           the meeting (header, attendance, lists, body, finalisation)
 *   [meetingId, 'history']  versions: view, compare, restore
 *   [meetingId, 'print']    the A4 print layout and .docx export
 */
import { idSchema } from '../../../shared/ids'
import type { SectionProps } from '../components/sectionProps'
import { HistoryPage } from './HistoryPage'
import { MeetingList } from './MeetingList'
import { MeetingPage } from './MeetingPage'
import { NewMeeting } from './NewMeeting'
import { PrintPage } from './PrintPage'
import { TaskLedgerPage } from './TaskLedger'

export function MinutesSection(props: SectionProps) {
  const [first, second] = props.rest
  if (first === undefined) return <MeetingList {...props} />
  if (first === 'new') return <NewMeeting {...props} />
  if (first === 'tasks') return <TaskLedgerPage {...props} />
  if (!idSchema.safeParse(first).success) return <p className="error">会议编号无效。</p>
  if (second === 'history') return <HistoryPage {...props} meetingId={first} />
  if (second === 'print') return <PrintPage {...props} meetingId={first} />
  return <MeetingPage {...props} meetingId={first} />
}
