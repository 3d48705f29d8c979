/** /api/reports calls (server/routes/reports.ts): the township dashboard and the report workbook. */
import { snapshotSchema, townshipDashboardSchema } from '../../../shared/api/reports'
import { ApiError, NETWORK_ERROR, request, type ApiContext } from '../api/http'

export const townshipDashboard = (api: ApiContext, period: string) => request(api, `/api/reports/township/dashboard?period=${encodeURIComponent(period)}`, townshipDashboardSchema)

/** The township report workbook's bytes (GET /api/reports/township?format=xlsx). */
export async function townshipWorkbook(api: ApiContext, period: string): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(`${api.baseUrl.replace(/\/+$/, '')}/api/reports/township?period=${encodeURIComponent(period)}&format=xlsx`, { headers: api.token ? { authorization: `Bearer ${api.token}` } : {} })
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, undefined, { cause: error })
  }
  if (!res.ok) throw new ApiError(`下载失败（${res.status}）`, res.status)
  return res.blob()
}

export const submittedReport = (api: ApiContext, scope: string, period: string) =>
  request(api, `/api/reports/snapshots/${encodeURIComponent(scope)}/${encodeURIComponent(period)}`, snapshotSchema)

export const submitReport = (api: ApiContext, scope: string, period: string) => request(api, '/api/reports/snapshots', snapshotSchema, { method: 'POST', body: { scope, period } })
