/**
 * A report upward as a .docx (issue #16 item 2), in the layout of shared/reports/sheetLayout.ts:
 * centred title, 填报单位 / 统计期 / 填报日期, the tables with a ruled grid, the notes, and
 * 制表人 / 审核人 / 单位负责人 lines to be signed. A4, landscape for the township's wide table,
 * portrait for a village. Counts only: no name, ID number or phone can be in it.
 */
import { AlignmentType, BorderStyle, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { ReportSheet } from '../../shared/api/reports.js'
import { sheetLayout, type SheetCell } from '../../shared/reports/sheetLayout.js'

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

function cell(value: SheetCell, bold: boolean, first: boolean): TableCell {
  return new TableCell({
    borders: { top: LINE, bottom: LINE, left: LINE, right: LINE },
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    children: [new Paragraph({ alignment: first ? AlignmentType.LEFT : AlignmentType.CENTER, children: [new TextRun({ text: String(value), bold, size: 18, font: FONT })] })],
  })
}

export async function reportDocx(sheet: ReportSheet): Promise<Buffer> {
  const layout = sheetLayout(sheet)
  const text = (t: string, options: { bold?: boolean; size?: number } = {}) => new TextRun({ text: t, font: FONT, size: options.size ?? 21, bold: options.bold ?? false })
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [text(layout.title, { bold: true, size: 32 })] }),
    new Paragraph({ children: [text(`填报单位：${layout.unit}`)] }),
    new Paragraph({ children: [text(`统计期：${layout.periodLine}`), text('\u3000\u3000'), text(`填报日期：${layout.filledOn}`)], spacing: { after: 120 } }),
  ]
  layout.tables.forEach((table, i) => {
    if (i > 0) children.push(new Paragraph({ spacing: { before: 240, after: 80 }, children: [text(table.caption, { bold: true })] }))
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: table.header.map((h, c) => cell(h, true, c === 0)) }),
          ...table.rows.map((row) => new TableRow({ children: row.cells.map((v, c) => cell(v, row.total, c === 0)) })),
        ],
      }),
    )
  })
  children.push(new Paragraph({ spacing: { before: 240 }, children: [text(`说明：${layout.notes[0] ?? ''}`, { size: 18 })] }))
  for (const note of layout.notes.slice(1)) children.push(new Paragraph({ children: [text(note, { size: 18 })] }))
  children.push(new Paragraph({ spacing: { before: 360 }, children: layout.signatures.flatMap((s, i) => [...(i > 0 ? [text('\u3000\u3000\u3000\u3000')] : []), text(s), text('＿＿＿＿＿＿')]) }))
  children.push(new Paragraph({ spacing: { before: 240 }, children: [text(layout.footer, { size: 16 })] }))
  const landscape = sheet.scope === 'township'
  const doc = new Document({
    creator: '村务协同',
    title: layout.title,
    sections: [{ properties: { page: { size: { orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT, width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children }],
  })
  return Buffer.from(await Packer.toBuffer(doc))
}
