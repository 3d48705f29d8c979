/** Request and response shapes of the account, membership, setup and audit APIs. */
import * as z from 'zod'
import { idSchema } from '../ids.js'
import { ROLES } from '../roles.js'
import { passwordSchema, phoneSchema, userSchema } from './auth.js'

export const roleSchema = z.enum(ROLES, { error: '请选择角色' })
export const nameSchema = z.string().trim().min(1, '请输入姓名').max(32, '姓名最多 32 个字')

export const membershipSchema = z.object({
  villageId: z.string(),
  villageName: z.string(),
  role: roleSchema,
  gridIds: z.array(z.string()),
  sensitive: z.boolean(),
})
export type Membership = z.infer<typeof membershipSchema>

export const meResponseSchema = z.object({ user: userSchema, memberships: z.array(membershipSchema) })
export type MeResponse = z.infer<typeof meResponseSchema>

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: passwordSchema,
})

export const setupStatusSchema = z.object({ needed: z.boolean() })
export const setupRequestSchema = z.object({
  code: z.string().trim().min(1, '请输入设置码').max(64),
  phone: phoneSchema,
  name: nameSchema,
  password: passwordSchema,
})

export const adminUserSchema = userSchema.extend({
  disabled: z.boolean(),
  /** Locked out by repeated failed sign-ins from unknown devices; the township admin can unlock. */
  locked: z.boolean(),
  createdAt: z.string(),
  memberships: z.array(membershipSchema),
})
export type AdminUser = z.infer<typeof adminUserSchema>
export const userListSchema = z.object({ users: z.array(adminUserSchema) })

export const createUserRequestSchema = z.object({ phone: phoneSchema, name: nameSchema, password: passwordSchema, role: roleSchema })
export const updateUserRequestSchema = z
  .object({ name: nameSchema.optional(), role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.disabled !== undefined, '没有要修改的内容')
export const resetPasswordRequestSchema = z.object({ password: passwordSchema })

export const setMembershipRequestSchema = z.object({
  role: roleSchema.refine((r) => r !== 'township_admin', '镇管理员不按村设置成员'),
  gridIds: z.array(idSchema).max(200).default([]),
  sensitive: z.boolean().default(false),
})
export type SetMembershipRequest = z.infer<typeof setMembershipRequestSchema>

export const AUDIT_ACTIONS = [
  'setup',
  'login',
  'login.failed',
  'login.throttled',
  'logout',
  'password.change',
  'password.change.failed',
  'user.unlock',
  'user.create',
  'user.update',
  'user.password.reset',
  'membership.set',
  'membership.remove',
  'sessions.revoke',
  'village.create',
  'doc.open',
  'doc.read',
  'doc.push',
  'doc.refused',
  'ledger.reveal',
  'minutes.confirm',
  'minutes.finalise',
  'notice.publish',
  'notice.posting',
  'notice.list',
  'minutes.read',
  'audit.export',
  'audit.prune',
  'doc.restore',
  'doc.massChange',
  'linkage.code',
  'report.submit',
  'settings.township',
  'assessment.training',
  'assessment.settings',
  'assessment.rating',
  'assessment.submit',
  'campaign.define',
  'campaign.edit',
  'campaign.withdraw',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().nullable(),
  detail: z.string().nullable(),
  address: z.string().nullable(),
  docName: z.string().nullable(),
  villageId: z.string().nullable(),
})
export type AuditEntryView = z.infer<typeof auditEntrySchema>
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema) })

/**
 * A masked field (an ID number) shown in full. Reads are not CRDT edits, so the app reports them
 * (DOMAIN.md §5.4.7); ids only — the value itself never goes into the log.
 */
export const revealRequestSchema = z.object({
  docName: z.string().min(1).max(200),
  kind: z.string().min(1).max(40),
  /** Up to 500 of the records shown; `count` says how many there were in all. */
  recordIds: z.array(z.string().min(1).max(64)).min(1).max(500),
  count: z.number().int().min(1),
  field: z.string().min(1).max(40),
  at: z.string().datetime({ offset: true }),
})
export type RevealRequest = z.infer<typeof revealRequestSchema>

const auditDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '没有这一天')
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
  actorId: z.string().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  docName: z.string().max(200).optional(),
  villageId: z.string().max(64).optional(),
  /** Civil dates in Asia/Shanghai, both inclusive. */
  from: auditDateSchema.optional(),
  to: auditDateSchema.optional(),
})
export type AuditQueryParams = z.infer<typeof auditQuerySchema>

export const auditVerdictSchema = z.union([
  z.object({ intact: z.literal(true), checked: z.number(), legacy: z.number() }),
  z.object({ intact: z.literal(false), checked: z.number(), legacy: z.number(), brokenAt: z.number(), reason: z.enum(['edited', 'missing']) }),
])
