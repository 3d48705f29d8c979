/**
 * Canonical form of a meeting record: the header, the row lists and the body as one plain value,
 * serialised with sorted keys and no whitespace, hashed with SHA-256 (WebCrypto, the same in Node
 * and the browser). Two devices holding the same converged doc get the same string and hash —
 * that is what a finalised version pins, what confirmations refer to, and how "changed after
 * finalisation" is derived (current hash ≠ latest finalised hash). Server stamps (finalisations,
 * confirmations) are not content and are left out.
 */
import * as z from 'zod'
import type * as Y from 'yjs'
import { optionLabel } from '../record.js'
import { HEADER_KEYS, HEADER_FIELDS, ROW_KINDS, LIST_NAMES, ATTENDANCE_LABELS, type Attendance, type HeaderField, type ListName } from './fields.js'
import { bodyFragment, readHeader, readRows, type Header, type Row } from './minutesDoc.js'
import { bodyLines, readBody, type ElementNode } from './body.js'
import { canonicalJson } from '../canonicalJson.js'

export type MinutesContent = { header: Header; body: ElementNode[] } & Record<ListName, Row[]>

const nodeSchema: z.ZodType<ElementNode> = z.lazy(() =>
  z.object({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    text: z.string().optional(),
    marks: z.array(z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() })).optional(),
    content: z.array(nodeSchema).optional(),
  }),
) as z.ZodType<ElementNode>

const rowSchema = z.record(z.string(), z.string()).and(z.object({ id: z.string() }))

/** The shape of a stored content string (a version row), checked at the edge. */
export const minutesContentSchema = z.object({
  header: z.object(Object.fromEntries(HEADER_KEYS.map((k) => [k, z.string()])) as Record<HeaderField, z.ZodString>),
  body: z.array(nodeSchema),
  ...(Object.fromEntries(LIST_NAMES.map((l) => [l, z.array(rowSchema)])) as Record<ListName, z.ZodArray<typeof rowSchema>>),
}) as unknown as z.ZodType<MinutesContent>

/** A stored content string back to content; throws a Chinese message if it is not one. */
export function parseMinutesContent(json: string): MinutesContent {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (cause) {
    throw new Error('版本内容不是有效的 JSON', { cause })
  }
  const parsed = minutesContentSchema.safeParse(raw)
  if (!parsed.success) throw new Error('版本内容格式不对', { cause: parsed.error })
  return parsed.data
}

export function readMinutes(doc: Y.Doc): MinutesContent {
  const lists = Object.fromEntries(LIST_NAMES.map((l) => [l, readRows(doc, l)])) as Record<ListName, Row[]>
  return { header: readHeader(doc), body: readBody(bodyFragment(doc)), ...lists }
}


export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The doc's canonical content string and its hash. */
export async function minutesHash(doc: Y.Doc): Promise<{ content: string; hash: string }> {
  const content = canonicalJson(readMinutes(doc))
  return { content, hash: await sha256Hex(content) }
}

/** The whole record as lines of text, header and lists first: what the version diff compares. */
export function minutesLines(content: MinutesContent): string[] {
  const h = content.header
  const lines = HEADER_KEYS.map((k) => `${HEADER_FIELDS[k].label}：${optionLabel(HEADER_FIELDS[k], h[k] ?? '')}`)
  for (const a of content.attendees) {
    const status = ATTENDANCE_LABELS[a.attendance as Attendance] ?? '出席情况未填'
    lines.push(`${ROW_KINDS.attendees.label}：${a.name}${a.role ? `（${a.role}）` : ''} ${status}${a.reason ? ` ${a.reason}` : ''}`)
  }
  for (const a of content.agenda) lines.push(`${ROW_KINDS.agenda.label}：${a.title}`)
  for (const r of content.resolutions) lines.push(`${ROW_KINDS.resolutions.label}：${r.text}（赞成 ${r.for || 0}，反对 ${r.against || 0}，弃权 ${r.abstain || 0}）`)
  for (const t of content.actions) lines.push(`${ROW_KINDS.actions.label}：${t.task}｜${t.owner}｜${t.due}${t.done ? '｜已完成' : ''}`)
  for (const l of content.links) lines.push(`${ROW_KINDS.links.label}：${l.kind} ${l.target} ${l.label}`)
  return [...lines, ...bodyLines(content.body)]
}
