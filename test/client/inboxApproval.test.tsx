/**
 * The township inbox card of a 审批性 application submitted to the township offers 批准 and
 * 不予批准 instead of 受理 (an 受理 would not apply to it and would only show as a conflict).
 * Rendered to static markup from the shared inbox derivation, no browser needed.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { InboxItemCard } from '../../client/app/inbox/InboxItemCard'
import type { Fact, LedgerRecord } from '../../shared/ledger/kind'
import { townshipInbox } from '../../shared/ledger/townshipInbox'

const fact = (action: string, hour: number, data?: Fact['data']): Fact => ({ id: `f${hour}`, action, by: 'u2', byName: '张网格', at: `2026-12-01T0${hour}:00:00Z`, ...(data ? { data } : {}) })
const record = (workType: string, facts: Fact[]): LedgerRecord => ({ id: `r-${workType}`, kind: 'incident', gridId: 'g', values: { title: `${workType}事项`, workType }, createdBy: '张网格', createdById: 'u2', createdAt: '', facts })

function card(r: LedgerRecord): string {
  const [item] = townshipInbox([{ villageId: 'v', villageName: '青石村', incidents: [r], disputes: [] }], '2026-12-01')
  if (!item) throw new Error('not in the inbox')
  return renderToStaticMarkup(<InboxItemCard item={item} today="2026-12-01" members={[]} onAct={() => null} onOpen={() => undefined} />)
}

describe('InboxItemCard', () => {
  it('offers 批准 / 不予批准 for an application awaiting the township, and 受理 for a reported matter', () => {
    const approval = card(record('审批性', [fact('accept', 1), fact('submitApproval', 2, { to: '镇' })]))
    expect(approval).toContain('data-testid="inbox-approve"')
    expect(approval).toContain('data-testid="inbox-deny"')
    expect(approval).not.toContain('data-testid="inbox-accept"')
    expect(approval).toContain('已报镇审批')
    const reported = card(record('一般性', [fact('escalate', 1, { to: '镇' })]))
    expect(reported).toContain('data-testid="inbox-accept"')
    expect(reported).not.toContain('data-testid="inbox-approve"')
  })
})
