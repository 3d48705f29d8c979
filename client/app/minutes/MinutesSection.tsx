/** 会议记录: being built (issue in progress); this file is replaced by the section itself. */
import type { SectionProps } from '../components/sectionProps'

export function MinutesSection(_props: SectionProps) {
  return <p className="muted">会议记录正在建设中。</p>
}
