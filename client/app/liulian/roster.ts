/**
 * The village's member roster for 平急结合 posts (issue #18): each member's user id, name and role
 * (never a phone). It is the ledger's offline village roster (ledger/useVillageMembers.ts, one
 * IndexedDB copy per village), so posts show names and can be assigned offline with the roster
 * last seen; this is the one place the posts read members from.
 */
import type { RosterMember } from '../../../shared/ledger/members'
import type { SectionProps } from '../components/sectionProps'
import { useVillageMembers } from '../ledger/useVillageMembers'

export type { RosterMember }

/** The roster (null until first loaded on this device) and the last error loading it. */
export function useVillageRoster(props: Pick<SectionProps, 'api' | 'villageId' | 'workspace'>): { members: RosterMember[] | null; error: string | null } {
  const { members, error } = useVillageMembers(props.workspace, props.api, props.villageId)
  return { members, error }
}
