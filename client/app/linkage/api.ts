/** /api/linkage calls (server/routes/linkage.ts): codes, the half-year reports, the township overview. */
import { reportResponseSchema, townshipOverviewSchema } from '../../../shared/api/linkage'
import { issueCodeResponseSchema, type IssueCodeRequest } from '../../../shared/linkage/cardCodes'
import { request, type ApiContext } from '../api/http'

export const issueCode = (api: ApiContext, villageId: string, body: IssueCodeRequest) => request(api, `/api/linkage/${villageId}/codes`, issueCodeResponseSchema, { method: 'POST', body })

export const villageReport = (api: ApiContext, villageId: string, date: string) => request(api, `/api/linkage/${villageId}/report?date=${date}`, reportResponseSchema)

export const townshipReport = (api: ApiContext, date: string) => request(api, `/api/linkage/township/report?date=${date}`, reportResponseSchema)

export const townshipOverview = (api: ApiContext) => request(api, '/api/linkage/township/overview', townshipOverviewSchema)
