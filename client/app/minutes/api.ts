/** Calls to /api/minutes (shared/api/minutes.ts), parsed at the edge by request(). */
import {
  checkpointResponseSchema,
  confirmResponseSchema,
  versionDetailSchema,
  versionListSchema,
  versionSummarySchema,
} from '../../../shared/api/minutes'
import { request, type ApiContext } from '../api/http'

export type MeetingRef = { villageId: string; meetingId: string }

const base = (m: MeetingRef) => `/api/minutes/${encodeURIComponent(m.villageId)}/${encodeURIComponent(m.meetingId)}`

export const confirmMinutes = (api: ApiContext, m: MeetingRef, hash: string) => request(api, `${base(m)}/confirm`, confirmResponseSchema, { method: 'POST', body: { hash } })
export const finaliseMinutes = (api: ApiContext, m: MeetingRef, hash: string) => request(api, `${base(m)}/finalise`, versionSummarySchema, { method: 'POST', body: { hash } })
export const checkpointMinutes = (api: ApiContext, m: MeetingRef) => request(api, `${base(m)}/checkpoint`, checkpointResponseSchema, { method: 'POST', body: {} })
export const listVersions = (api: ApiContext, m: MeetingRef) => request(api, `${base(m)}/versions`, versionListSchema)
export const getVersion = (api: ApiContext, m: MeetingRef, version: number) => request(api, `${base(m)}/versions/${version}`, versionDetailSchema)
