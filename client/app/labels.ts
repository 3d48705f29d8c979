/** Chinese labels the admin and notice screens show for wire values (audit actions, doc names, phones, times). */
import { parseDocName, type DocKind } from '../../shared/docNames'

export { AUDIT_ACTION_LABELS } from '../../shared/auditLabels'

export const DOC_KIND_LABELS: Record<DocKind, string> = {
  meta: '村庄概况',
  ledger: '网格台账',
  sensitive: '敏感信息',
  minutes: '会议记录',
  decisions: '四议两公开',
  linkage: '联网联户',
  liulian: '六联·平急',
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

