/**
 * 六联·平急 (issue #18): 联动小组 and their 轮值户, the duty households' work in the six domains,
 * 平急结合 posts and emergency mode, and the wall board a cadre prints. Sub-pages by path:
 * [] groups, ['duty'] duty work, ['emergency'] 平急结合, ['print'] the A4 board.
 */
import { shanghaiDate } from '../../../shared/civilDate'
import { LIULIAN_CAMPAIGN, phaseOn } from '../../../shared/liulian/campaign'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { DutyPanel } from './DutyPanel'
import { EmergencyPanel } from './EmergencyPanel'
import { GroupsPanel } from './GroupsPanel'
import { PrintBoard } from './PrintBoard'
import { useLiulian } from './useLiulian'

const PAGES = [
  { key: '', label: '联动小组' },
  { key: 'duty', label: '值班工作' },
  { key: 'emergency', label: '平急结合' },
  { key: 'print', label: '上墙公示' },
] as const

export function LiulianSection(props: SectionProps) {
  const { rest, go, issues } = props
  const today = shanghaiDate()
  const l = useLiulian(props)
  const page = rest[0] ?? ''
  const phase = phaseOn(LIULIAN_CAMPAIGN, today)
  return (
    <>
      <nav className="subtabs" aria-label="六联板块">
        {PAGES.map((p) => (
          <button key={p.key} type="button" className={page === p.key ? 'tab active' : 'tab'} aria-current={page === p.key ? 'page' : undefined} onClick={() => go(p.key ? [p.key] : [])} data-testid={`liulian-page-${p.key || 'groups'}`}>
            {p.label}
          </button>
        ))}
      </nav>
      <DocStatus state={l.state} issue={issues[l.name]} />
      {page !== 'print' && (
        <p className="muted" data-testid="liulian-phase">
          {LIULIAN_CAMPAIGN.label}：{phase.phase ? `${phase.phase.label}阶段（${phase.phase.from.replace('-', '月')}日—${phase.phase.to.replace('-', '月')}日）` : phase.before ? '尚未开始' : '本年度各阶段已结束，进入长效运行'}
        </p>
      )}
      {l.doc && page === '' && <GroupsPanel l={l} doc={l.doc} user={props.user} today={today} />}
      {l.doc && page === 'duty' && <DutyPanel l={l} doc={l.doc} props={props} today={today} />}
      {l.doc && page === 'emergency' && <EmergencyPanel l={l} doc={l.doc} props={props} today={today} />}
      {l.doc && page === 'print' && <PrintBoard l={l} doc={l.doc} props={props} today={today} />}
    </>
  )
}
