/** /api/reports calls (server/routes/reports.ts): the township dashboard, report sheets and their files, submissions. */
import { reportSheetSchema, snapshotSchema, townshipDashboardSchema } from '../../../shared/api/reports'
import { ApiError, NETWORK_ERROR, request, type ApiContext } from '../api/http'

export const townshipDashboard = (api: ApiContext, period: string) => request(api, `/api/reports/township/dashboard?period=${encodeURIComponent(period)}`, townshipDashboardSchema)

/** The report of a scope ('township' or a village id) as a document: the submitted figures once submitted. */
export const reportSheet = (api: ApiContext, scope: string, period: string) => request(api, `/api/reports/sheet/${encodeURIComponent(scope)}?period=${encodeURIComponent(period)}`, reportSheetSchema)

/** A report's file: the workbook (.xlsx) or the Word document (.docx). */
export async function reportFile(api: ApiContext, scope: string, period: string, format: 'xlsx' | 'docx'): Promise<Blob> {
  let res: Response
  try {
    res = await fetch(`${api.baseUrl.replace(/\/+$/, '')}/api/reports/sheet/${encodeURIComponent(scope)}?period=${encodeURIComponent(period)}&format=${format}`, { headers: api.token ? { authorization: `Bearer ${api.token}` } : {} })
  } catch (error) {
    throw new ApiError(NETWORK_ERROR, 0, undefined, { cause: error })
  }
  if (!res.ok) throw new ApiError(`下载失败（${res.status}）`, res.status)
  return res.blob()
}

export const submittedReport = (api: ApiContext, scope: string, period: string) =>
  request(api, `/api/reports/snapshots/${encodeURIComponent(scope)}/${encodeURIComponent(period)}`, snapshotSchema)

export const submitReport = (api: ApiContext, scope: string, period: string) => request(api, '/api/reports/snapshots', snapshotSchema, { method: 'POST', body: { scope, period } })
