/**
 * A generated office document (a report, a 考核表, the audit log) as a download: its type, a
 * Chinese file name (RFC 6266 `filename*`, with an ASCII `filename` for old clients) and no
 * caching, since each one is made from the ledger as it stands.
 */
import type { Context } from 'hono'

export const OFFICE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const

export function officeFile(c: Context, body: Uint8Array, name: string, format: keyof typeof OFFICE_TYPES, asciiName = `export.${format}`): Response {
  return c.body(new Uint8Array(body), 200, {
    'content-type': OFFICE_TYPES[format],
    'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
    'cache-control': 'no-store',
  })
}
