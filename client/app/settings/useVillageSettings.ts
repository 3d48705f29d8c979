/**
 * The settings in force for a village on this device: the township's layer as last fetched
 * (cached in IndexedDB, so it applies offline; built-in defaults before the first fetch) under the
 * village's own overrides from its meta doc, live (shared/settings/effective.ts).
 */
import { useMemo } from 'react'
import type * as Y from 'yjs'
import { effectiveSettings, type EffectiveSettings } from '../../../shared/settings/effective'
import { readVillageLayer } from '../../../shared/settings/villageLayer'
import { villageRulesVersionView, villageSettingsVersionView } from '../../workspace/views'
import type { Workspace } from '../../workspace/workspace'
import { useOptionalStore, useStore } from '../hooks/useStore'

export function useVillageSettings(workspace: Workspace, meta: Y.Doc | null): EffectiveSettings {
  const township = useStore(workspace.townshipSettings).value?.settings ?? null
  const rulesVersion = useOptionalStore(meta ? villageRulesVersionView(meta) : null, null)
  const settingsVersion = useOptionalStore(meta ? villageSettingsVersionView(meta) : null, null)
  // The version snapshots change with every edit of the village's layer (locally or merged).
  return useMemo(() => effectiveSettings(township, meta ? readVillageLayer(meta) : null), [township, meta, rulesVersion, settingsVersion])
}
