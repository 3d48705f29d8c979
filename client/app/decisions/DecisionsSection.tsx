/** 四议两公开: being built (issue in progress); this file is replaced by the section itself. */
import type { SectionProps } from '../components/sectionProps'

export function DecisionsSection(_props: SectionProps) {
  return <p className="muted">四议两公开正在建设中。</p>
}
