/** /api/reports calls (server/routes/reports.ts): the township dashboard, report sheets and their files, submissions. */
import { reportSheetSchema, snapshotSchema, townshipDashboardSchema } from '../../../shared/api/reports'
import { request, requestFile, type ApiContext } from '../api/http'

export const townshipDashboard = (api: ApiContext, period: string) => request(api, `/api/reports/township/dashboard?period=${encodeURIComponent(period)}`, townshipDashboardSchema)

/** The report of a scope ('township' or a village id) as a document: the submitted figures once submitted. */
export const reportSheet = (api: ApiContext, scope: string, period: string) => request(api, `/api/reports/sheet/${encodeURIComponent(scope)}?period=${encodeURIComponent(period)}`, reportSheetSchema)

/** A report's file: the workbook (.xlsx) or the Word document (.docx). */
export const reportFile = (api: ApiContext, scope: string, period: string, format: 'xlsx' | 'docx') =>
  requestFile(api, `/api/reports/sheet/${encodeURIComponent(scope)}?period=${encodeURIComponent(period)}&format=${format}`)

export const submittedReport = (api: ApiContext, scope: string, period: string) =>
  request(api, `/api/reports/snapshots/${encodeURIComponent(scope)}/${encodeURIComponent(period)}`, snapshotSchema)

export const submitReport = (api: ApiContext, scope: string, period: string) => request(api, '/api/reports/snapshots', snapshotSchema, { method: 'POST', body: { scope, period } })
