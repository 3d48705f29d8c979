/**
 * The name of an exported minutes file: the meeting's date, then its title — but the date once:
 * a title that already carries it (the default title is "2026-03-05 村民代表会议", and cadres
 * write "2026年3月5日…") is used as it is. Characters Windows refuses in file names become "_".
 */
export function minutesFileName(header: { date: string; title: string }, extension: string): string {
  const title = header.title.trim() || '会议记录'
  const date = header.date.trim()
  const [y, m, d] = date.split('-').map(Number)
  const forms = date && y && m && d ? [date, `${y}年${m}月${d}日`, `${y}年${String(m).padStart(2, '0')}月${String(d).padStart(2, '0')}日`, `${y}.${m}.${d}`] : []
  const name = !date || forms.some((f) => title.includes(f)) ? title : `${date}-${title}`
  return `${name.replace(/[\\/:*?"<>|\n\r\t]+/g, '_')}.${extension}`
}
