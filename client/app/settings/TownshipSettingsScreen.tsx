/**
 * 镇级设置 (/settings, township admin): the township's visit rules, meeting cadences, default
 * time limits and checklists, set once for every village (issue #16 item 5). Edits make a draft on this screen;
 * 保存 sends the whole layer to the relay (PUT /api/settings/township), whose answer becomes the
 * cached copy every device of the township fetches. Villages may override any value for
 * themselves (村级设置); the township's values apply wherever they do not.
 */
import { useEffect, useState } from 'react'
import { townshipSettingsSchema } from '../../../shared/api/settings'
import { formatShanghaiMinute } from '../../../shared/civilDate'
import { effectiveSettings } from '../../../shared/settings/effective'
import { EMPTY_LAYER, type SettingsLayer } from '../../../shared/settings/layer'
import { newId } from '../../../shared/ids'
import type { Workspace } from '../../workspace/workspace'
import { errorText, request, type ApiContext } from '../api/http'
import { useStore } from '../hooks/useStore'
import { SettingsEditor, type SettingsActions } from './SettingsEditor'

type Props = { api: ApiContext; workspace: Workspace }

function without<T extends object>(record: T, key: string): T {
  const copy = { ...record } as Record<string, unknown>
  delete copy[key]
  return copy as T
}

export function TownshipSettingsScreen({ api, workspace }: Props) {
  const cached = useStore(workspace.townshipSettings)
  const [draft, setDraft] = useState<SettingsLayer | null>(null)
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const saved = cached.value?.settings ?? null
  // The draft starts from the township's saved settings, once known.
  useEffect(() => {
    if (draft === null && saved) setDraft(saved)
  }, [draft, saved])
  const layer = draft ?? saved ?? EMPTY_LAYER
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(saved ?? EMPTY_LAYER)
  const edit = (change: (layer: SettingsLayer) => SettingsLayer) => {
    setMessage(null)
    setDraft((current) => change(current ?? saved ?? EMPTY_LAYER))
  }

  const actions: SettingsActions = {
    setRule: (id, patch) => edit((l) => ({ ...l, visitRules: { ...l.visitRules, [id]: { ...l.visitRules[id], ...patch } } })),
    resetRule: (id) => edit((l) => ({ ...l, visitRules: without(l.visitRules, id) })),
    addRule: (rule) => edit((l) => ({ ...l, visitRules: { ...l.visitRules, [newId()]: rule } })),
    setCadence: (type, value) => edit((l) => ({ ...l, cadences: value === undefined ? without(l.cadences, type) : { ...l.cadences, [type]: value } })),
    setDeadline: (table, key, days) =>
      edit((l) => ({ ...l, deadlines: { ...l.deadlines, [table]: days === undefined ? without(l.deadlines[table], key) : { ...l.deadlines[table], [key]: days } } })),
    setChecklist: (name, items) => edit((l) => ({ ...l, checklists: items === undefined ? without(l.checklists, name) : { ...l.checklists, [name]: [...items] } })),
    setFacilityInspection: (value) => edit((l) => (value === undefined ? without(l, 'facilityInspection') : { ...l, facilityInspection: value })),
    setGridCleaning: (days) => edit((l) => (days === undefined ? without(l, 'gridCleaning') : { ...l, gridCleaning: [...days] })),
  }

  const save = async () => {
    setSaving(true)
    try {
      const answer = await request(api, '/api/settings/township', townshipSettingsSchema, { method: 'PUT', body: layer })
      await workspace.townshipSettings.update(() => answer)
      setDraft(answer.settings)
      setMessage({ error: false, text: '已保存。各村联网后即按新设置计算。' })
    } catch (error) {
      setMessage({ error: true, text: errorText(error, '保存失败，请稍后再试') })
    } finally {
      setSaving(false)
    }
  }

  return (
    <main className="screen wide" data-testid="township-settings">
      <h1>镇级设置</h1>
      <section className="card">
        <p className="muted" data-testid="settings-saved-at">
          {cached.value?.updatedAt ? `上次保存：${formatShanghaiMinute(cached.value.updatedAt)}${cached.value.updatedBy ? `，${cached.value.updatedBy}` : ''}` : cached.loading && !cached.value ? '正在读取…' : '尚未设置，各村按系统默认计算。'}
        </p>
        <p className="muted small">这里的设置对全镇各村有效；村两委可以在「村级设置」里为本村另行调整，未调整的按镇级设置。</p>
        {cached.error && !cached.value && (
          <p className="error" role="alert">
            暂时读不到镇级设置（{cached.error}），显示的是系统默认。
          </p>
        )}
      </section>
      {/* Not before the saved settings are known (or cannot be): editing the defaults meanwhile would overwrite them. */}
      {(cached.value || !cached.loading) && <SettingsEditor settings={effectiveSettings(layer, null)} own="township" readOnly={false} actions={actions} />}
      <section className="card settings-group" data-testid="settings-assessment-slot">
        <h2>考核权重（四培五考）</h2>
        <p className="muted small">
          网格员考核的各项权重全镇统一，在顶部菜单「四培五考」页的“考核权重”中设置（不设村级调整，以便全镇排名可比）。
        </p>
      </section>
      <div className="card settings-save">
        {message && (
          <p className={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'} data-testid="settings-message">
            {message.text}
          </p>
        )}
        <p className="actions wrap">
          <button type="button" className="primary" disabled={!dirty || saving} onClick={() => void save()} data-testid="settings-save">
            {saving ? '正在保存…' : dirty ? '保存镇级设置' : '没有要保存的修改'}
          </button>
          {dirty && (
            <button type="button" className="secondary" onClick={() => setDraft(saved ?? EMPTY_LAYER)} data-testid="settings-discard">
              放弃修改
            </button>
          )}
        </p>
      </div>
    </main>
  )
}
