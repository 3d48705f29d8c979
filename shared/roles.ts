/** Roles (DESIGN.md "Roles"). Labels are what the interface shows. */
export const ROLES = ['township_admin', 'village_cadre', 'grid_worker', 'supervisor', 'linked_cadre'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  township_admin: '镇(街道)管理员',
  village_cadre: '村两委成员',
  grid_worker: '网格员',
  supervisor: '村务监督委员会',
  linked_cadre: '联户干部',
}
