/** One dashboard figure: a label, a value, an optional note; `warn` outlines it. */
export function Stat({ label, value, note, warn, testId }: { label: string; value: number | string; note?: string | undefined; warn?: boolean; testId: string }) {
  return (
    <div className={warn ? 'stat warn' : 'stat'} data-testid={testId}>
      <span className="muted">{label}</span>
      <strong className="value">{value}</strong>
      {note && <span className="note">{note}</span>}
    </div>
  )
}
