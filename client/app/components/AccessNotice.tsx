/** Says which local changes stay on this device because their docs are no longer accessible. */
import type { StrandedDoc } from '../accessNotice'

export function AccessNotice({ docs }: { docs: StrandedDoc[] }) {
  if (docs.length === 0) return null
  const total = docs.reduce((sum, d) => sum + d.count, 0)
  return (
    <section className="card notice" role="alert" data-testid="access-notice">
      以下文档您已无权访问，{total} 项修改仅保存在本设备：
      {docs.map((d) => (
        <span key={d.name} className="doc-label">
          {d.label}
        </span>
      ))}
    </section>
  )
}
