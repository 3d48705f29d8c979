/**
 * .docx export of a meeting record in the customary layout: title, header block (time, place,
 * host, recorder, attendance), agenda, body, resolutions with votes, tasks, and signature lines.
 * A4 portrait (the docx package's default page).
 */
import { minutesFileName } from '../../../shared/minutes/fileName'
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { MEETING_TYPE_LABELS, type MeetingType } from '../../../shared/meetingIndex'
import { bodyLines } from '../../../shared/minutes/body'
import type { MinutesContent } from '../../../shared/minutes/canonical'
import { HEADER_FIELDS, ROW_KINDS } from '../../../shared/minutes/fields'
import { attendanceSummary } from './Attendance'

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
const labelled = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] })

export function minutesDocument(content: MinutesContent, villageName: string): Document {
  const h = content.header
  const a = attendanceSummary(content.attendees)
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `${villageName}${MEETING_TYPE_LABELS[h.type as MeetingType] ?? ''}记录`, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({ text: h.title, alignment: AlignmentType.CENTER }),
    labelled('时间', `${h.date} ${h.time}`.trim()),
    labelled(HEADER_FIELDS.place.label, h.place),
    labelled(HEADER_FIELDS.host.label, h.host),
    labelled(HEADER_FIELDS.recorder.label, h.recorder),
    labelled('应到人数', `${a.expected} 人，实到 ${a.present} 人`),
    labelled('出席人员', a.presentNames || '—'),
    labelled('缺席/请假', a.away || '无'),
  ]
  if (content.agenda.length > 0) {
    children.push(new Paragraph({ text: '会议议程', heading: HeadingLevel.HEADING_2 }))
    content.agenda.forEach((item, i) => children.push(new Paragraph(`${i + 1}. ${item.title}`)))
  }
  children.push(new Paragraph({ text: '会议内容', heading: HeadingLevel.HEADING_2 }))
  for (const line of bodyLines(content.body)) {
    const heading = line.match(/^(#+) (.*)$/)
    children.push(heading ? new Paragraph({ text: heading[2] ?? '', heading: HeadingLevel.HEADING_3 }) : new Paragraph(line))
  }
  if (content.resolutions.length > 0) {
    children.push(new Paragraph({ text: '会议决议', heading: HeadingLevel.HEADING_2 }))
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: ROW_KINDS.resolutions.fields.map((f) => cell(f.label, true)) }),
          ...content.resolutions.map((r) => new TableRow({ children: [r.text ?? '', r.for || '0', r.against || '0', r.abstain || '0'].map((t) => cell(t)) })),
        ],
      }),
    )
  }
  if (content.actions.length > 0) {
    children.push(new Paragraph({ text: '工作任务', heading: HeadingLevel.HEADING_2 }))
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: ROW_KINDS.actions.fields.filter((f) => f.key !== 'done').map((f) => cell(f.label, true)) }),
          ...content.actions.map((t) => new TableRow({ children: [t.task ?? '', t.owner ?? '', t.due ?? ''].map((x) => cell(x)) })),
        ],
      }),
    )
  }
  children.push(new Paragraph(''), labelled('主持人签字', '＿＿＿＿＿＿＿＿'), labelled('记录人签字', '＿＿＿＿＿＿＿＿'), labelled('参会人员签字', '＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿'))
  return new Document({ creator: '村务协同', title: h.title, sections: [{ children }] })
}

/** Builds the file and hands it to the browser as a download. */
export async function downloadDocx(content: MinutesContent, villageName: string): Promise<void> {
  const blob = await Packer.toBlob(minutesDocument(content, villageName))
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = minutesFileName(content.header, 'docx')
  document.body.append(a)
  a.click()
  a.remove()
  URL.revokeObjectURL(url)
}
