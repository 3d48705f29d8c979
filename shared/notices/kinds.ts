/**
 * Kinds of public notice (DOMAIN.md §3.5; 四议两公开 §3.3). The two decision disclosures come from
 * a decision record's steps 5 and 6; 村务公开 and 财务公开 are general notices a cadre writes.
 */
export const NOTICE_KINDS = ['decision_resolution', 'decision_result', 'village_affairs', 'finance'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  decision_resolution: '决议公开',
  decision_result: '实施结果公开',
  village_affairs: '村务公开',
  finance: '财务公开',
}
