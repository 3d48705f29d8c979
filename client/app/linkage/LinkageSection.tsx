/**
 * 联网联户 on the phone: "my households" (1 中心户 + n 辐射户) with what is due, and a contact
 * recorded in two taps (记录联系 → 保存; date today, 入户走访; the 民情日记 fields are optional).
 * Opens only the member's own linkage doc, so it works offline for a township cadre who may
 * open nothing else of the village. Duties and progress are derived (shared/linkage/duties.ts).
 */
import { shanghaiDate } from '../../../shared/civilDate'
import { docName } from '../../../shared/docNames'
import { useDoc } from '../hooks/useDoc'
import { DocStatus } from '../components/DocStatus'
import type { SectionProps } from '../components/sectionProps'
import { LinkageReport } from './LinkageReport'
import { LinkageView } from './LinkageView'
import { VillageLinkage } from './VillageLinkage'


/** The village side (cadres, township admin) sees the whole village; a linked member their own households. */
export function LinkageSection(props: SectionProps) {
  const { user, membership, rest, go } = props
  const today = shanghaiDate()
  const villageSide = user.role === 'township_admin' || membership?.role === 'village_cadre' || membership?.role === 'township_admin'
  if (!villageSide || rest[0] === 'mine')
    return (
      <>
        {villageSide && (
          <button type="button" className="link back" onClick={() => go([])}>
            ‹ 全村联网联户
          </button>
        )}
        <MyLinkage {...props} />
      </>
    )
  if (rest[0] === 'report') return <LinkageReport {...props} today={today} onBack={() => go([])} />
  return (
    <>
      {rest.length === 0 && (
        <p className="actions">
          <button type="button" className="link" onClick={() => go(['mine'])} data-testid="linkage-mine">
            我的联系户 ›
          </button>
        </p>
      )}
      <VillageLinkage {...props} today={today} />
    </>
  )
}

function MyLinkage({ engine, villageId, user, issues }: SectionProps) {
  const name = docName({ kind: 'linkage', villageId, memberId: user.id })
  const state = useDoc(engine, name)
  const doc = state.status === 'ready' ? state.handle.doc : null
  return (
    <>
      <DocStatus state={state} issue={issues[name]} />
      {doc && <LinkageView doc={doc} user={user} today={shanghaiDate()} />}
    </>
  )
}

export { LinkageView }
