/** A line diff (shared/minutes/diff.ts): unchanged lines muted, removed struck through, added marked. */
import type { DiffLine } from '../../../shared/minutes/diff'

export function DiffView({ diff }: { diff: DiffLine[] }) {
  const changed = diff.filter((d) => d.op !== 'same').length
  return (
    <div className="minutes-diff" data-testid="minutes-diff">
      {changed === 0 && <p className="muted">内容相同。</p>}
      {diff.map((d, i) => {
        switch (d.op) {
          case 'same':
            return (
              <p key={i} className="diff-same">
                {d.text || '\u00a0'}
              </p>
            )
          case 'added':
            return (
              <ins key={i} className="diff-added" data-testid="diff-added">
                {d.text || '\u00a0'}
              </ins>
            )
          case 'removed':
            return (
              <del key={i} className="diff-removed" data-testid="diff-removed">
                {d.text || '\u00a0'}
              </del>
            )
        }
      })}
    </div>
  )
}
