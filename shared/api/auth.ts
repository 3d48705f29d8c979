/** Request and response shapes of /api/auth, validated at both edges. */
import * as z from 'zod'
import { ROLES } from '../roles.js'

/** Mainland mobile numbers: 11 digits starting with 1. */
export const phoneSchema = z.string().regex(/^1\d{10}$/, '手机号应为 11 位数字')
export const passwordSchema = z.string().min(8, '密码至少 8 位').max(128, '密码最多 128 位')

export const loginRequestSchema = z.object({
  phone: phoneSchema,
  password: z.string().min(1, '请输入密码').max(128),
  /**
   * A random id the device keeps. A device that signed in to this phone before keeps its own
   * attempt count, so a stranger's failed guesses cannot lock the owner out (auth/throttle.ts).
   */
  device: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
})
export type LoginRequest = z.infer<typeof loginRequestSchema>

export const userSchema = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
})
export type User = z.infer<typeof userSchema>

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: userSchema,
})
export type LoginResponse = z.infer<typeof loginResponseSchema>
