/**
 * The civil date (Asia/Shanghai) a village started on Cunwu, from the villages list this device
 * keeps: periods and 时限 before it are not the village's to have missed. Null until the list is
 * known.
 */
import { shanghaiDate } from '../../../shared/civilDate'
import type { Workspace } from '../../workspace/workspace'
import { useStore } from './useStore'

export function useVillageSince(workspace: Workspace, villageId: string): string | null {
  const createdAt = useStore(workspace.villages).value?.find((v) => v.id === villageId)?.createdAt
  return createdAt ? shanghaiDate(new Date(createdAt)) : null
}
