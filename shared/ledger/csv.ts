/**
 * CSV for ledger export and import (RFC 4180): fields separated by commas, records by CRLF; a
 * field holding a comma, a quote or a line break is quoted, quotes doubled. Written with a UTF-8
 * byte-order mark so Excel opens Chinese text correctly. Cells that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR; OWASP "CSV injection") get a leading apostrophe,
 * which the importer drops again (importCells.ts).
 */

const BOM = '\uFEFF'

export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Numbers are written as they are (a negative number is not a formula). */
export function toCsv(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => cells.map((cell) => (typeof cell === 'number' ? String(cell) : quote(escapeFormula(cell)))).join(',')
  return BOM + [line(headers), ...rows.map(line)].join('\r\n') + '\r\n'
}

/** Parses CSV text (a BOM, CRLF or LF line ends, quoted fields spanning lines) into rows of cells. */
export function parseCsv(input: string): string[][] {
  const text = input.startsWith(BOM) ? input.slice(1) : input
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch !== '"') field += ch
      else if (text[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = false
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
