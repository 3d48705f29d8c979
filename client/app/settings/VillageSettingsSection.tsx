/**
 * 村级设置 (/v/<villageId>/settings): the settings in force for this village — the township's,
 * with the village's own overrides — each marked 镇级设置 / 本村设置 / 系统默认. Village cadres
 * change them here: each edit goes straight into the village's meta doc (saved on this device,
 * synced when online, merged like any edit); 恢复为镇级设置 deletes the village's own value. Others
 * who may open the meta doc see them read-only.
 */
import { docName } from '../../../shared/docNames'
import { formatShanghaiMinute } from '../../../shared/civilDate'
import { addVillageRule, resetVillageRule, setVillageCadence, setVillageChecklist, setVillageDeadline, setVillageFacilityInspection, setVillageGridCleaning, setVillageRule } from '../../../shared/settings/villageLayer'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { useDoc } from '../hooks/useDoc'
import { useStore } from '../hooks/useStore'
import { SettingsEditor, type SettingsActions } from './SettingsEditor'
import { useVillageSettings } from './useVillageSettings'

export function VillageSettingsSection({ workspace, engine, villageId, issues }: SectionProps) {
  const name = docName({ kind: 'meta', villageId })
  const state = useDoc(engine, name)
  const meta = state.status === 'ready' ? state.handle.doc : null
  const settings = useVillageSettings(workspace, meta)
  const township = useStore(workspace.townshipSettings)
  const readOnly = !useStore(workspace.access).canWrite(name)
  const actions: SettingsActions | null = meta && {
    setRule: (id, patch) => setVillageRule(meta, id, patch),
    resetRule: (id) => resetVillageRule(meta, id),
    addRule: (rule) => void addVillageRule(meta, rule),
    setCadence: (type, value) => setVillageCadence(meta, type, value),
    setDeadline: (table, key, days) => setVillageDeadline(meta, table, key, days),
    setChecklist: (name, items) => setVillageChecklist(meta, name, items),
    setFacilityInspection: (value) => setVillageFacilityInspection(meta, value),
    setGridCleaning: (days) => setVillageGridCleaning(meta, days),
  }
  return (
    <section data-testid="village-settings">
      <DocStatus state={state} issue={issues[name]} />
      <section className="card">
        <h2>村级设置</h2>
        <p className="muted small">
          未调整的按镇级设置计算；本村调整过的标为「本村设置」，可恢复为镇级设置。
          {township.value?.updatedAt ? `镇级设置更新于 ${formatShanghaiMinute(township.value.updatedAt)}。` : township.value ? '镇里尚未设置，按系统默认。' : '本机还没有取到镇级设置（联网后自动获取），暂按系统默认。'}
        </p>
        {readOnly && (
          <p className="muted" data-testid="read-only">
            村级设置由村两委维护，你可以查看，不能修改。
          </p>
        )}
      </section>
      {actions && <SettingsEditor settings={settings} own="village" readOnly={readOnly} actions={actions} />}
    </section>
  )
}
