/**
 * The village's 联网联户 data on this device: the grids' households and residents (useVillageLedger),
 * the 三包一联 assignments of the meta doc, and every linkage doc of the village this device holds
 * (background sync brings them all to a village cadre; a new one appears after the next sync or
 * when created here). Everything is derived (shared/linkage/overview.ts), so it works offline.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { docName, parseDocName } from '../../../shared/docNames'
import { listRecords } from '../../../shared/ledger/ledgerDoc'
import type { LedgerRecord } from '../../../shared/ledger/kind'
import { resident } from '../../../shared/ledger/kinds/resident'
import { listAssignments } from '../../../shared/linkage/assignments'
import { coverageInputs, memberRecords, villageOverview, type MemberRecords, type VillageOverview } from '../../../shared/linkage/overview'
import type { Assignment } from '../../../shared/linkage/linkage'
import type { SectionProps } from '../components/sectionProps'
import { useVillageLedger, type VillageLedger } from '../ledger/useVillageLedger'
import { useDocVersion } from './useDocVersion'
import { useDocs } from './useDocs'

export type VillageLinkage = {
  ledger: VillageLedger
  households: LedgerRecord[]
  residents: LedgerRecord[]
  /** memberId → the member's open linkage doc. */
  linkageDocs: ReadonlyMap<string, Y.Doc>
  members: MemberRecords[]
  assignments: Assignment[]
  overview: VillageOverview
  /** Adds a linkage doc name to those opened (a linkage just created on this device). */
  track(memberId: string): void
}

const ageColumn = resident.derived?.find((d) => d.key === 'age')

export function useVillageLinkage(props: Pick<SectionProps, 'workspace' | 'engine' | 'villageId'>, today: string): VillageLinkage {
  const { engine, villageId } = props
  const ledger = useVillageLedger(props)
  const [names, setNames] = useState<string[]>([])
  const syncState = useSyncExternalStore(engine.subscribe, engine.getSnapshot)
  useDocVersion(ledger.meta)
  useEffect(() => {
    let cancelled = false
    const prefix = `${villageId}/linkage/`
    engine.localDocNames().then(
      (all) => {
        if (cancelled) return
        const found = all.filter((n) => n.startsWith(prefix))
        setNames((current) => (found.every((n) => current.includes(n)) ? current : [...new Set([...current, ...found])]))
      },
      (error: unknown) => console.error('listing local linkage docs failed', error),
    )
    return () => {
      cancelled = true
    }
    // A finished background sync may have brought new linkage docs.
  }, [engine, villageId, syncState.lastSyncedAt])
  const opened = useDocs(engine, names)

  const households = useMemo(() => [...ledger.ledgerDocs].flatMap(([gridId, doc]) => listRecords(doc, 'household', gridId)), [ledger.ledgerDocs, ledger.version])
  const residents = useMemo(() => [...ledger.ledgerDocs].flatMap(([gridId, doc]) => listRecords(doc, 'resident', gridId)), [ledger.ledgerDocs, ledger.version])
  const linkageDocs = useMemo(() => new Map([...opened.docs].map(([name, doc]) => [memberOf(name), doc])), [opened.docs])
  const members = [...linkageDocs].flatMap(([memberId, doc]) => memberRecords(doc, memberId) ?? [])
  const assignments = ledger.meta ? listAssignments(ledger.meta) : []
  const input = coverageInputs(
    households,
    residents.map((r) => {
      const age = Number(ageColumn?.value(r, today) || Number.NaN)
      return Number.isFinite(age) ? { ...r, age } : r
    }),
  )
  const overview = villageOverview(input.households, input.residents, members, assignments, today)
  const track = (memberId: string) => setNames((current) => [...new Set([...current, docName({ kind: 'linkage', villageId, memberId })])])
  return { ledger, households, residents, linkageDocs, members, assignments, overview, track }
}

function memberOf(name: string): string {
  const ref = parseDocName(name)
  return ref?.kind === 'linkage' ? ref.memberId : name
}
