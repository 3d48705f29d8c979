/**
 * Creates or edits a 1+1+n linkage (issue #17 item 1): the member, 1 联系中心户 and the 辐射户,
 * picked by searching the ledger (RecordPicker), with the 「辐射户要包括困难弱势群体、信访对象」
 * warning judged on what this viewer may see (checkRadiating). Saving writes the member's linkage
 * doc and copies in the linked households' basic facts and their 四到 triggers from the ledger.
 * Bad input keeps everything typed and says what to fix.
 */
import { useCallback, useState } from 'react'
import { docName } from '../../../shared/docNames'
import { newId } from '../../../shared/ids'
import { ledgerTriggers } from '../../../shared/linkage/ledgerTriggers'
import { AID_RANKS, checkRadiating, linkageSchema, MEMBER_TYPES, type Linkage } from '../../../shared/linkage/linkage'
import { readLinkage, setLinkage, shareHouseholds, shareTriggers } from '../../../shared/linkage/linkageDoc'
import { fetchUsers } from '../api/users'
import { RecordPicker } from '../components/RecordPicker'
import { useAsync } from '../hooks/useAsync'
import type { SectionProps } from '../components/sectionProps'
import { householdOptions, visibleHouseholds } from './householdOptions'
import type { VillageLinkage } from './useVillageLinkage'

type Draft = Record<'memberName' | 'memberType' | 'post' | 'rank' | 'officePhone' | 'area' | 'since' | 'account', string> & { centre: string[]; radiating: string[] }

function draftOf(l: Linkage | null, today: string): Draft {
  return {
    memberName: l?.memberName ?? '',
    memberType: l?.memberType ?? '',
    post: l?.post ?? '',
    rank: l?.rank ?? '',
    officePhone: l?.officePhone ?? '',
    area: l?.area ?? '',
    since: l?.since ?? `${today.slice(0, 7)}-01`,
    account: '',
    centre: l ? [l.centreHouseholdId] : [],
    radiating: l?.radiatingHouseholdIds ?? [],
  }
}

export function LinkageForm({ engine, api, villageId, user, today, village, memberId, onDone }: SectionProps & { today: string; village: VillageLinkage; memberId: string | null; onDone(): void }) {
  const existingDoc = memberId ? village.linkageDocs.get(memberId) : undefined
  const existing = existingDoc ? readLinkage(existingDoc) : null
  const [draft, setDraft] = useState<Draft>(() => draftOf(existing, today))
  const [errors, setErrors] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const options = householdOptions(village.households)
  // The township admin may tie a new linkage to a member's account: the doc is then named after it,
  // and a 联户干部 (linked_cadre) of this village opens it on their own phone.
  const loadUsers = useCallback(() => (user.role === 'township_admin' && !memberId ? fetchUsers(api) : Promise.resolve([])), [api, user.role, memberId])
  const accounts = (useAsync(loadUsers).data ?? []).filter((u) => u.memberships.some((m) => m.villageId === villageId))
  const checks = draft.radiating.length > 0 ? checkRadiating(draft.radiating, visibleHouseholds(village.households)) : []
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value })

  const save = async () => {
    const id = memberId ?? (draft.account || newId())
    const parsed = linkageSchema.safeParse({
      id,
      memberName: draft.memberName,
      memberType: draft.memberType,
      post: draft.post,
      ...(draft.rank ? { rank: draft.rank } : {}),
      ...(draft.officePhone.trim() ? { officePhone: draft.officePhone } : {}),
      ...(draft.area.trim() ? { area: draft.area } : {}),
      ...(existing?.userId ? { userId: existing.userId } : draft.account ? { userId: draft.account } : {}),
      centreHouseholdId: draft.centre[0] ?? '',
      radiatingHouseholdIds: draft.radiating,
      since: draft.since,
    })
    if (!parsed.success) {
      setErrors([...new Set(parsed.error.issues.map((i) => (i.path[0] === 'centreHouseholdId' ? '请选择联系中心户' : i.message)))])
      return
    }
    setSaving(true)
    const handle = await engine.openDoc(docName({ kind: 'linkage', villageId, memberId: id }))
    try {
      setLinkage(handle.doc, parsed.data)
      shareHouseholds(handle.doc, village.households, user, new Date().toISOString())
      shareTriggers(handle.doc, ledgerTriggers([...village.households, ...village.residents]))
      village.track(id)
      onDone()
    } finally {
      handle.release()
      setSaving(false)
    }
  }

  return (
    <form
      className="card linkage-form"
      data-testid="linkage-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2>{existing ? `编辑联系安排：${existing.memberName}` : '新增联系安排（1+1+n）'}</h2>
      {accounts.length > 0 && (
        <label>
          对应账号（可不选；选了，本人可在手机上看到自己的联系户）
          <select
            value={draft.account}
            onChange={(e) => setDraft({ ...draft, account: e.target.value, memberName: draft.memberName || (accounts.find((a) => a.id === e.target.value)?.name ?? '') })}
            data-testid="lf-account"
          >
            <option value="">不对应账号</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id} disabled={village.linkageDocs.has(a.id)}>
                {a.name}（{a.phone}）{village.linkageDocs.has(a.id) ? '（已有安排）' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        联系人姓名 <input value={draft.memberName} onChange={set('memberName')} data-testid="lf-name" maxLength={40} />
      </label>
      <label>
        类别
        <select value={draft.memberType} onChange={set('memberType')} data-testid="lf-type">
          <option value="">请选择</option>
          {MEMBER_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        职务 <input value={draft.post} onChange={set('post')} data-testid="lf-post" maxLength={60} />
      </label>
      <label>
        帮扶资金档次（可不选）
        <select value={draft.rank} onChange={set('rank')}>
          <option value="">不适用</option>
          {AID_RANKS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        办公电话（公示） <input value={draft.officePhone} onChange={set('officePhone')} inputMode="tel" maxLength={20} />
      </label>
      <label>
        联系区域（公示，如 第三村民小组） <input value={draft.area} onChange={set('area')} maxLength={60} />
      </label>
      <label>
        开始日期 <input type="date" value={draft.since} onChange={set('since')} />
      </label>
      <div className="field">
        <span className="label">联系中心户（一般为村民小组长或党小组长）</span>
        <RecordPicker testId="lf-centre" kind="household" noun="户" options={options.filter((o) => !draft.radiating.includes(o.id))} value={draft.centre} multiple={false} onChange={(ids) => setDraft({ ...draft, centre: ids })} />
      </div>
      <div className="field">
        <span className="label">辐射户（约 5 户，要包括困难群众或信访对象）</span>
        <RecordPicker testId="lf-radiating" kind="household" noun="户" options={options.filter((o) => !draft.centre.includes(o.id))} value={draft.radiating} multiple onChange={(ids) => setDraft({ ...draft, radiating: ids })} />
      </div>
      {checks.map((c) =>
        c.kind === 'ok' ? null : (
          <p key={c.kind} className="warn" role="status" data-testid="lf-warning">
            {c.message}
          </p>
        ),
      )}
      {errors.map((message) => (
        <p key={message} className="error" role="alert">
          {message}
        </p>
      ))}
      <p className="actions">
        <button type="submit" disabled={saving} data-testid="lf-save">
          保存
        </button>{' '}
        <button type="button" className="link" onClick={onDone}>
          取消
        </button>
      </p>
    </form>
  )
}
