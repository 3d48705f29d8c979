/**
 * 民情联系卡 (F002 二、2: 「要建立“民情联系卡”,为群众提供更便捷的服务」): one household's card with
 * its linked member's name, post, phone and duties, printed from the phone or the office PC and
 * left with the household. It names only the household it is given to.
 */
import type { Linkage } from '../../../shared/linkage/linkage'

export type CardCodesShown = { villageId: string; card?: string | undefined; rating?: string | undefined; period: string }

export function ContactCard({ linkage, headName, centre, codes }: { linkage: Linkage; headName: string; centre: boolean; codes?: CardCodesShown }) {
  return (
    <div className="card print-card" data-testid="contact-card">
      <h3>民情联系卡</h3>
      <p>户主：{headName}</p>
      <p>
        联系人：{linkage.memberName}（{linkage.post}）
      </p>
      <p>联系电话：{linkage.officePhone || '请向村委会询问'}</p>
      <p>{centre ? '我每月至少与您联系一次。' : '我每季度至少上门走访一次。'}群众有重病、有灾害、有特殊节日、有思想异常，我必到。</p>
      <p>您的所想、所急、所需、所忧，请随时告诉我，我会记入民情日记，尽力帮助解决。</p>
      {codes?.card && (
        <p data-testid="card-code">
          联系卡编码：<strong className="mono">{codes.card}</strong>（在村务公开栏“民呼我应”反映问题时填写，村里就知道是您家）
        </p>
      )}
      {codes?.rating && (
        <p data-testid="rating-code">
          {codes.period}评议码：<strong className="mono">{codes.rating}</strong>（打开 {location.origin}/public/{codes.villageId}/rate 评议联系人，只能用一次）
        </p>
      )}
      <button type="button" className="noprint" onClick={() => window.print()}>
        打印
      </button>
    </div>
  )
}
