/**
 * 人居环境 on the ledger home (shared/ledger/environment.ts): the quarter's 门前三包 / 院内三净
 * checks (or the township's or village's own 检查项, named in the heading) of the grid (or village) in figures, and every check still waiting to be put right —
 * overdue first — each a link to the check, so the grid worker knows whom to go back to.
 */
import { useMemo } from 'react'
import { periodBounds } from '../../../shared/civilDate'
import { checkStatus, environmentFigures, failedItems } from '../../../shared/ledger/environment'
import { text, type LedgerRecord } from '../../../shared/ledger/kind'
import { household as householdKind } from '../../../shared/ledger/kinds/household'
import type { LedgerContext } from './context'

const SHOWN = 8

export function EnvironmentCard(ctx: LedgerContext & { gridId: string; canRecord: boolean }) {
  const { ledger, gridId, today, go, canRecord } = ctx
  const checklist = ctx.settings.checklists.environment
  const { figures, waiting, quarter } = useMemo(() => {
    const checks = ledger.index.records('environment').filter((c) => !gridId || c.gridId === gridId)
    const quarter = periodBounds('quarter', today)
    const waiting = checks
      .map((check) => ({ check, status: checkStatus(check, checks, today) }))
      .filter((w) => w.status === '待整改' || w.status === '逾期未整改')
      // Overdue first, then by deadline (none last).
      .sort((a, b) => Number(b.status === '逾期未整改') - Number(a.status === '逾期未整改') || (text(a.check.values, 'rectifyBy') || '9').localeCompare(text(b.check.values, 'rectifyBy') || '9'))
    return { figures: environmentFigures(checks, quarter, today), waiting, quarter: `${Math.floor(Number(quarter.start.slice(5, 7)) / 3) + 1}` }
    // ledger.version is in the deps on purpose: it changes whenever any record does.
  }, [ledger.index, ledger.version, gridId, today])
  const overdue = waiting.filter((w) => w.status === '逾期未整改').length
  const open = (record: LedgerRecord) => go([record.kind, record.gridId, record.id])
  const household = (check: LedgerRecord) => {
    const h = ledger.index.get('household', text(check.values, 'householdId'))
    return h ? householdKind.title(h.values) : '（户已删除）'
  }
  return (
    <section className="card" data-testid="environment-card">
      <h3>
        人居环境{' '}
        <span className="muted small" data-testid="environment-checklist">
          {/* Seed 003's six, or the list the township or village keeps (村级设置). */}
          {checklist.origin === 'default' ? '门前三包 · 院内三净' : `${checklist.origin === 'village' ? '本村' : '镇级'}检查项 ${checklist.value.length} 项`}
        </span>
      </h3>
      {figures.checks > 0 ? (
        <p data-testid="environment-quarter">
          第{quarter}季度检查 {figures.households} 户、{figures.checks} 户次，合格 {figures.passed}，不合格 {figures.failed}（已整改 {figures.rectified}）
          {figures.fiveBeauty > 0 && `，“五美”庭院 ${figures.fiveBeauty} 户`}。
        </p>
      ) : (
        <p className="muted" data-testid="environment-quarter">
          第{quarter}季度还没有人居环境检查记录。
        </p>
      )}
      {waiting.length > 0 && (
        <>
          <p>
            待整改 {waiting.length} 户次{overdue > 0 && <span className="warn">，其中 {overdue} 户次已过整改期限</span>}
          </p>
          <ul className="plain">
            {waiting.slice(0, SHOWN).map(({ check, status }) => (
              <li key={check.id} data-testid="environment-waiting">
                <button type="button" className="link" onClick={() => open(check)}>
                  {household(check)}
                </button>{' '}
                <span className="muted">{failedItems(check.values).join('、')}</span>
                {text(check.values, 'rectifyBy') && <span className={status === '逾期未整改' ? 'overdue' : 'muted'}> 限 {text(check.values, 'rectifyBy').slice(5)}</span>}
              </li>
            ))}
          </ul>
          {waiting.length > SHOWN && <p className="muted small">还有 {waiting.length - SHOWN} 户次，见人居环境检查台账。</p>}
        </>
      )}
      <p className="actions wrap">
        {canRecord && (
          <button type="button" data-testid="environment-new" onClick={() => go(['environment', 'new'])}>
            记人居环境检查
          </button>
        )}
        <button type="button" className="secondary" onClick={() => go(['environment'])}>
          检查台账
        </button>
      </p>
    </section>
  )
}

/** A check's result on its own page: 合格, or what failed and where its rectification stands (`checks`: the household's others, a later pass among them). */
export function EnvironmentResult({ check, checks, today }: { check: LedgerRecord; checks: readonly LedgerRecord[]; today: string }) {
  const { values } = check
  const status = checkStatus(check, checks, today)
  const rechecked = text(values, 'recheckResult') === '已整改'
  const failed = failedItems(values)
  return (
    <p data-testid="environment-result">
      检查结果：<strong className={status === '逾期未整改' ? 'overdue' : undefined}>{status}</strong>
      {failed.length > 0 && <span className="muted">（{failed.join('、')}不合格{status === '已整改' ? (rechecked ? '，复查已整改' : '，之后的检查已合格') : text(values, 'rectifyBy') ? `，限 ${text(values, 'rectifyBy')} 前整改` : ''}）</span>}
      {values.fiveBeauty === true && <span className="pill online">“五美”庭院</span>}
    </p>
  )
}
