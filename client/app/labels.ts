/** Chinese labels the admin and notice screens show for wire values (audit actions, doc names, phones, times). */
import { parseDocName, type DocKind } from '../../shared/docNames'

export { AUDIT_ACTION_LABELS } from '../../shared/auditLabels'

export const DOC_KIND_LABELS: Record<DocKind, string> = {
  meta: '村庄概况',
  ledger: '网格台账',
  sensitive: '敏感信息',
  minutes: '会议记录',
  decisions: '四议两公开',
}

/** What a person calls a doc; the raw name for anything unparseable. */
export function docLabel(name: string): string {
  const ref = parseDocName(name)
  return ref ? DOC_KIND_LABELS[ref.kind] : name
}

/** 13800000000 → 138****0000: enough to tell people apart, not enough to call them. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

export function formatShanghaiTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : SHANGHAI_TIME.format(date)
}

const SHANGHAI_CLOCK = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** ms since epoch → "14:05" in Beijing time, whatever the device's zone. */
export function formatShanghaiClock(ms: number): string {
  return SHANGHAI_CLOCK.format(new Date(ms))
}
