/**
 * The village's member roster on this device (shared/ledger/members.ts): fetched from
 * GET /api/villages/:id/members whenever the ledger opens online, and kept in the user's own
 * IndexedDB (CachedValue), so 包案领导, 整改责任人, 调解员 and 责任人 can be picked offline with the
 * roster last seen, and 谁上报谁核查 knows who has left. A device that never reached the relay has
 * no roster (null): the pickers say so, and nobody counts as having left.
 */
import { useMemo } from 'react'
import { villageMembersSchema } from '../../../shared/api/villages'
import { departedFrom, type RosterMember } from '../../../shared/ledger/members'
import type { Departed } from '../../../shared/ledger/workflows/incident'
import type { Workspace } from '../../workspace/workspace'
import { fetchVillageMembers } from '../api/villages'
import type { ApiContext } from '../api/http'
import { useCachedValue } from '../hooks/useCachedValue'

const rosterSchema = villageMembersSchema.shape.members

export type VillageRoster = { members: RosterMember[] | null; departed: Departed; error: string | null }

export function useVillageMembers(workspace: Workspace, api: ApiContext, villageId: string): VillageRoster {
  const state = useCachedValue(workspace, { key: `villageMembers:${villageId}`, schema: rosterSchema, fetch: () => fetchVillageMembers(api, villageId) }, [api])
  const departed = useMemo(() => departedFrom(state.value), [state.value])
  return { members: state.value, departed, error: state.error }
}
