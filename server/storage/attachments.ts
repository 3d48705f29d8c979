/**
 * Attachment storage (issue #19): photos, scans and PDFs linked from docs, stored once per
 * village by their SHA-256. Rules every backend keeps:
 *
 * - content-addressed: a file is the row (village, sha256); the same bytes attached twice, to the
 *   same doc or another, are stored once;
 * - chunked and resumable: a declared upload receives chunks strictly in order (`pos` must equal
 *   the bytes received so far), so a dropped connection resumes from `received`; chunks live in
 *   their own rows (bytea / blob), never one huge value;
 * - verified: the file becomes readable only when the bytes received hash to its name; a mismatch
 *   discards every chunk and the upload starts over;
 * - quota: declaring a new file and checking the village's total happen in one transaction
 *   (SQLite's writer lock; a per-village advisory lock on PostgreSQL), so two uploads at once
 *   cannot both pass the last free bytes; an unfinished upload counts with its declared size;
 * - references: which docs link the file (attachment_refs). Access to a file is access to a doc
 *   that references it (routes/attachments.ts checks both on every download);
 * - proof of possession: a doc that links a file the village already holds must show it holds
 *   the bytes (routes/attachments.ts). While the file is still uploading the proof cannot be
 *   checked: the reference is kept with its proof (`proof` not null) and is *pending*: it may send
 *   chunks but opens nothing, until the file completes and the proof is checked (settleProof).
 */

export type AttachmentMeta = { villageId: string; sha256: string; size: number; type: string }
export type AttachmentRow = AttachmentMeta & { received: number; complete: boolean; createdAt: string; createdBy: string }

/** A doc's reference to a file; `proof` is set only while it waits to be checked (pending). */
export type AttachmentRef = { docName: string; at: string; by: string; proof: string | null }

export type PendingProof = { docName: string; by: string; proof: string }

export type DeclareOutcome =
  | { ok: true; row: AttachmentRow; created: boolean }
  /** Refused: the village would hold more than `quota` bytes (`used` held now). */
  | { ok: false; used: number }

export type ChunkOutcome =
  | { ok: true; received: number }
  /** The chunk does not continue the upload: resend from `received` (or it was already complete). */
  | { ok: false; received: number; complete: boolean }

export interface AttachmentStore {
  /**
   * Declares a file (or finds it declared: then size and type are the stored ones) and records
   * that `docName` references it; a new file is refused when the village would exceed `quota`.
   */
  declare(meta: AttachmentMeta, ref: AttachmentRef, quota: number): Promise<DeclareOutcome>
  /** Appends a chunk at `pos` if pos equals the bytes received so far and the file is not complete. */
  appendChunk(villageId: string, sha256: string, pos: number, data: Uint8Array): Promise<ChunkOutcome>
  /**
   * Once every declared byte arrived: hashes the chunks in order; equal to the name, the file is
   * complete (true); otherwise every chunk is discarded (false) and the upload starts over.
   */
  complete(villageId: string, sha256: string, hash: (chunks: Uint8Array[]) => string): Promise<boolean>
  get(villageId: string, sha256: string): Promise<AttachmentRow | null>
  /** The bytes of a complete file (null if absent or unfinished). */
  read(villageId: string, sha256: string): Promise<Uint8Array<ArrayBuffer> | null>
  /** Whether `docName` references the file; a pending reference counts only with `pending`. */
  referenced(villageId: string, sha256: string, docName: string, pending?: 'pending-too'): Promise<boolean>
  /** The file's pending references: each doc, who linked it, and the proof they sent. */
  pendingProofs(villageId: string, sha256: string): Promise<PendingProof[]>
  /** A pending reference checked: kept as a full reference (ok) or deleted (its proof was wrong). */
  settleProof(villageId: string, sha256: string, docName: string, ok: boolean): Promise<void>
  /** Bytes the village holds and has reserved (complete files plus unfinished uploads' declared sizes). */
  villageBytes(villageId: string): Promise<number>
  /** The village's files, oldest first, with the docs that link each (backups, copies, checks). */
  list(villageId: string): Promise<(AttachmentRow & { docs: string[] })[]>
  /** villageBytes for every village that holds any (the township's figure). */
  usage(): Promise<Map<string, { files: number; bytes: number }>>
}

export const ATTACHMENT_COLUMNS = 'village_id, sha256, size, type, received, completed_at, created_at, created_by'

export type AttachmentDb = {
  village_id: string
  sha256: string
  size: number | string
  type: string
  received: number | string
  completed_at: string | null
  created_at: string
  created_by: string
}

export function toAttachmentRow(r: AttachmentDb): AttachmentRow {
  return {
    villageId: r.village_id,
    sha256: r.sha256,
    size: Number(r.size),
    type: r.type,
    received: Number(r.received),
    complete: r.completed_at !== null,
    createdAt: r.created_at,
    createdBy: r.created_by,
  }
}

/** Migration 9, the same text on both backends but the blob type. */
export const attachmentTables = (blob: string) => `
  create table attachments (
    village_id text not null, sha256 text not null, size bigint not null, type text not null,
    received bigint not null, completed_at text, created_at text not null, created_by text not null,
    primary key (village_id, sha256));
  create table attachment_chunks (
    village_id text not null, sha256 text not null, pos bigint not null, data ${blob} not null,
    primary key (village_id, sha256, pos));
  create table attachment_refs (
    village_id text not null, sha256 text not null, doc_name text not null, added_at text not null,
    added_by text not null, primary key (village_id, sha256, doc_name));
  create index attachment_refs_by_doc on attachment_refs (doc_name);`
