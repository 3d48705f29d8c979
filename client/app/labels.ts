/** Chinese labels the admin and notice screens show for wire values (audit actions, doc names, phones, times). */
import type { AuditAction } from '../../shared/api/accounts'
import { parseDocName, type DocKind } from '../../shared/docNames'

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  setup: '首次设置',
  login: '登录',
  'login.failed': '登录失败',
  logout: '退出',
  'password.change': '修改密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.password.reset': '重置密码',
  'membership.set': '设置成员',
  'membership.remove': '移除成员',
  'sessions.revoke': '强制下线',
  'village.create': '新建村庄',
  'doc.open': '打开文档',
  'doc.push': '提交修改',
  'ledger.reveal': '查看完整证件号',
  'minutes.confirm': '确认会议记录',
  'minutes.finalise': '会议记录定稿',
  'notice.publish': '发布公告',
}

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

