/**
 * What every village section (概况, 网格台账, 会议记录, 四议两公开) gets from the shell. A section
 * owns the rest of its path (`/v/<villageId>/<section>/…`) and navigates inside it with `go`.
 */
import type { Membership } from '../../../shared/api/accounts'
import type { Role } from '../../../shared/roles'
import type { DocIssue, SyncEngine } from '../../sync/engine'
import type { Workspace } from '../../workspace/workspace'
import type { ApiContext } from '../api/http'

export type SectionUser = { id: string; name: string; role: Role }

export type SectionProps = {
  workspace: Workspace
  /** workspace.engine: what opens docs (useDoc). */
  engine: SyncEngine
  api: ApiContext
  villageId: string
  /** Path segments after the section name, already decoded. */
  rest: string[]
  go(rest: string[]): void
  user: SectionUser
  /** This user's membership of the village (null for a township admin without one). */
  membership: Membership | null
  issues: Record<string, DocIssue>
}
