/**
 * 三包一联 (seed 004 助; linkage.ts assignmentSchema): 班子成员包村, 村干部包网格, and party members
 * and grid workers each linked by name to 一老一少一困 residents, picked by searching (RecordPicker)
 * among the residents who count as one of the three. Kept in the meta doc (assignments.ts).
 */
import { useState } from 'react'
import { newId } from '../../../shared/ids'
import { listAssignments, removeAssignment, setAssignment } from '../../../shared/linkage/assignments'
import { assignmentSchema, oneOldOneYoungOneHard, type Assignment } from '../../../shared/linkage/linkage'
import { RecordPicker, type PickOption } from '../components/RecordPicker'
import type { SectionProps } from '../components/sectionProps'
import type { VillageLinkage } from './useVillageLinkage'

const KINDS = ['班子成员包村', '村干部包网格', '联系一老一少一困'] as const

export function AssignmentsCard({ village, villageId }: SectionProps & { village: VillageLinkage }) {
  const meta = village.ledger.meta
  const [kind, setKind] = useState<(typeof KINDS)[number]>('联系一老一少一困')
  const [memberName, setMemberName] = useState('')
  const [memberType, setMemberType] = useState<'党员' | '网格员'>('党员')
  const [gridId, setGridId] = useState('')
  const [residentIds, setResidentIds] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  if (!meta) return null
  const households = new Map(village.households.map((h) => [h.id, h]))
  const flags = (v: unknown) => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [])
  // Only 一老 and 一少 are offered by name; 一困 rests on sensitive facts and is linked through its household.
  const options: PickOption[] = village.residents.flatMap((r) => {
    const h = households.get(String(r.values.householdId ?? ''))
    const category = oneOldOneYoungOneHard({ id: r.id, householdId: h?.id ?? '', flags: flags(r.values.flags) }, h ? { id: h.id, flags: flags(h.values.flags) } : undefined)
    if (category !== '一老' && category !== '一少') return []
    const name = String(r.values.name ?? '')
    return [{ id: r.id, label: name, detail: `${category} · ${String(h?.values.headName ?? '')}户`, search: name.toLowerCase(), gridId: r.gridId }]
  })
  const names = new Map(village.residents.map((r) => [r.id, String(r.values.name ?? '')]))
  const gridName = new Map(village.ledger.grids.map((g) => [g.id, g.name]))
  const describe = (a: Assignment) => (a.kind === '班子成员包村' ? '包本村' : a.kind === '村干部包网格' ? `包 ${gridName.get(a.gridId) ?? '网格'}` : `${a.memberType}联系 ${a.residentIds.map((id) => names.get(id) || '（人员待同步）').join('、')}`)

  const add = () => {
    const base = { id: newId(), memberName }
    const candidate = kind === '班子成员包村' ? { ...base, kind, villageId } : kind === '村干部包网格' ? { ...base, kind, gridId } : { ...base, kind, memberType, residentIds }
    const parsed = assignmentSchema.safeParse(candidate)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      setError(issue?.path[0] === 'memberName' ? '请填写姓名' : issue?.path[0] === 'gridId' ? '请选择网格' : (issue?.message ?? '填写有误'))
      return
    }
    setAssignment(meta, parsed.data)
    setMemberName('')
    setResidentIds([])
    setError(null)
  }

  return (
    <section className="card" data-testid="assignments">
      <h2>三包一联</h2>
      <ul className="plain">
        {listAssignments(meta).map((a) => (
          <li key={a.id}>
            <strong>{a.memberName}</strong> {a.kind}：{describe(a)}{' '}
            <button type="button" className="link" onClick={() => removeAssignment(meta, a.id)}>
              删除
            </button>
          </li>
        ))}
      </ul>
      {listAssignments(meta).length === 0 && <p className="muted">还没有三包一联安排。</p>}
      <details>
        <summary data-testid="as-open">添加三包一联安排</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            add()
          }}
        >
          <label>
            类型
            <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])} data-testid="as-kind">
              {KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            姓名 <input value={memberName} maxLength={40} onChange={(e) => setMemberName(e.target.value)} data-testid="as-name" />
          </label>
          {kind === '村干部包网格' && (
            <label>
              网格
              <select value={gridId} onChange={(e) => setGridId(e.target.value)}>
                <option value="">请选择</option>
                {village.ledger.grids.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {kind === '联系一老一少一困' && (
            <>
              <label>
                身份
                <select value={memberType} onChange={(e) => setMemberType(e.target.value === '网格员' ? '网格员' : '党员')}>
                  <option>党员</option>
                  <option>网格员</option>
                </select>
              </label>
              <div className="field">
                <span className="label">联系的一老、一少（一困按户联系）</span>
                <RecordPicker testId="as-residents" kind="resident" noun="人员" options={options} value={residentIds} multiple onChange={setResidentIds} />
              </div>
            </>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" data-testid="as-save">
            添加
          </button>
        </form>
      </details>
    </section>
  )
}
