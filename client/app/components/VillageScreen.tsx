/**
 * One village: a tab per section the user's role may open (DESIGN.md access table), and the chosen
 * section below. Which tabs show is only a courtesy; the relay decides what opens.
 */
import type { Membership } from '../../../shared/api/accounts'
import { docName, type DocRef } from '../../../shared/docNames'
import type { AccessView } from '../../workspace/access'
import type { VillageSection } from '../hooks/useRoute'
import { useStore } from '../hooks/useStore'
import { Suspense } from 'react'
import { preloadableLazy } from './preloadableLazy'
import { ProfileSection } from './ProfileSection'
import { SectionBoundary } from './SectionBoundary'
import type { SectionProps } from './sectionProps'
import { ScrollHint } from './ScrollHint'

type Props = Omit<SectionProps, 'go'> & { section: VillageSection; onSection(section: VillageSection, rest: string[]): void; onBack(): void }

// Each section loads when first opened, so the first screen on an old phone parses only the shell.
// The service worker caches every section at install, so this costs nothing offline.
const SECTIONS = {
  ledger: preloadableLazy(() => import('../ledger/LedgerSection').then((m) => m.LedgerSection)),
  minutes: preloadableLazy(() => import('../minutes/MinutesSection').then((m) => m.MinutesSection)),
  linkage: preloadableLazy(() => import('../linkage/LinkageSection').then((m) => m.LinkageSection)),
  liulian: preloadableLazy(() => import('../liulian/LiulianSection').then((m) => m.LiulianSection)),
  reports: preloadableLazy(() => import('../township/VillageReports').then((m) => m.VillageReports)),
  decisions: preloadableLazy(() => import('../decisions/DecisionsSection').then((m) => m.DecisionsSection)),
  settings: preloadableLazy(() => import('../settings/VillageSettingsSection').then((m) => m.VillageSettingsSection)),
}
const LedgerSection = SECTIONS.ledger.Component
const MinutesSection = SECTIONS.minutes.Component
const LinkageSection = SECTIONS.linkage.Component
const LiulianSection = SECTIONS.liulian.Component
const VillageReports = SECTIONS.reports.Component
const DecisionsSection = SECTIONS.decisions.Component
const VillageSettingsSection = SECTIONS.settings.Component

/**
 * Loads a section's code ahead (while 请输入密码解锁 waits for the password), so the section shows
 * as soon as its docs are open instead of parsing its code after the unlock.
 */
export function preloadSection(section: VillageSection | undefined): void {
  const preloadable = section && section in SECTIONS ? SECTIONS[section as keyof typeof SECTIONS] : null
  preloadable?.preload().catch((error: unknown) => console.warn(`preloading ${section} failed`, error))
}

const TABS: { section: VillageSection; label: string }[] = [
  { section: 'profile', label: '村庄概况' },
  { section: 'ledger', label: '网格台账' },
  { section: 'minutes', label: '会议记录' },
  { section: 'decisions', label: '四议两公开' },
  { section: 'linkage', label: '联网联户' },
  { section: 'liulian', label: '六联·平急' },
  { section: 'reports', label: '统计报表' },
  { section: 'settings', label: '村级设置' },
]

export function VillageScreen({ section, onSection, onBack, ...props }: Props) {
  const access = useStore(props.workspace.access)
  const tabs = TABS.filter((tab) => sectionVisible(tab.section, access, props.user, props.membership, props.villageId))
  const current = tabs.some((tab) => tab.section === section) ? section : (tabs[0]?.section ?? 'profile')
  const sectionProps: SectionProps = { ...props, go: (rest) => onSection(current, rest) }
  const villages = useStore(props.workspace.villages).value
  const villageName = villages?.find((v) => v.id === props.villageId)?.name ?? props.membership?.villageName ?? '村庄'

  return (
    <main className="screen village">
      <button type="button" className="link back" onClick={onBack} data-testid="back">
        ‹ 村庄列表
      </button>
      {/* No "只读" beside the name: it read as if the whole village were closed to a grid worker,
          whose own grid is writable. The profile says it is read-only where it is (ProfileSection). */}
      <h1>{villageName}</h1>
      <ScrollHint className="tabs" label="村务板块">
        {tabs.map((tab) => (
          <button
            key={tab.section}
            type="button"
            className={tab.section === current ? 'tab active' : 'tab'}
            aria-current={tab.section === current ? 'page' : undefined}
            data-testid={`tab-${tab.section}`}
            onClick={() => onSection(tab.section, [])}
          >
            {tab.label}
          </button>
        ))}
      </ScrollHint>
      <SectionBoundary resetKey={current}>
        <Suspense fallback={<p className="muted">正在打开…</p>}>{renderSection(current, sectionProps)}</Suspense>
      </SectionBoundary>
    </main>
  )
}

function renderSection(section: VillageSection, props: SectionProps) {
  switch (section) {
    case 'profile':
      return <ProfileSection {...props} />
    case 'ledger':
      return <LedgerSection {...props} />
    case 'minutes':
      return <MinutesSection {...props} />
    case 'decisions':
      return <DecisionsSection {...props} />
    case 'linkage':
      return <LinkageSection {...props} />
    case 'liulian':
      return <LiulianSection {...props} />
    case 'settings':
      return <VillageSettingsSection {...props} />
    case 'reports':
      return <VillageReports {...props} />
  }
}

/** A section shows when the user may open at least one of its docs. */
function sectionVisible(section: VillageSection, access: AccessView, user: SectionProps['user'], membership: Membership | null, villageId: string): boolean {
  const can = (ref: DocRef) => access.rule(docName(ref)) !== 'none'
  switch (section) {
    case 'profile':
    case 'settings':
      // A linked cadre (联网联户) may open only their own linkage doc, not the village profile.
      return membership?.role !== 'linked_cadre'
    case 'ledger':
      // Grid workers only have their own grids; any grid id stands for "some grid" otherwise.
      return user.role === 'township_admin' || membership?.role === 'village_cadre' || membership?.role === 'township_admin' || (membership?.gridIds.length ?? 0) > 0
    case 'minutes':
      return can({ kind: 'minutes', villageId, meetingId: 'x' })
    case 'decisions':
      return can({ kind: 'decisions', villageId })
    case 'linkage':
      return can({ kind: 'linkage', villageId, memberId: user.id })
    case 'liulian':
      return can({ kind: 'liulian', villageId })
    case 'reports':
      // The relay lets a village's cadres and the township admin generate its reports (server/routes/reports.ts).
      return user.role === 'township_admin' || membership?.role === 'village_cadre'
  }
}
