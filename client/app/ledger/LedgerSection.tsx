/** 网格台账: being built; replaced by the section itself. */
import type { SectionProps } from '../components/sectionProps'

export function LedgerSection(_props: SectionProps) {
  return <p className="muted">网格台账正在建设中。</p>
}
