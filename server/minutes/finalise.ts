/**
 * 定稿 on the server, the one path every caller takes (the API route on the relay's live copy, and
 * the demo seeder on the docs it builds): the header must be complete, the version row stores the
 * canonical content and its hash (shared/minutes/canonical.ts) with the confirmations of that
 * hash, and a stamp of it is mirrored into the doc's `finalisations` array.
 */
import * as Y from 'yjs'
import type { Confirmation, VersionSummary } from '../../shared/api/minutes.js'
import { HEADER_FIELDS, HEADER_KEYS, headerError } from '../../shared/minutes/fields.js'
import { appendFact } from '../../shared/facts.js'
import { confirmationsArray, confirmStampSchema, finalisationsArray, finalStampSchema, readHeader, type FinalStamp } from '../../shared/minutes/minutesDoc.js'
import type { MinutesVersionStore } from '../storage/minutesVersions.js'

/** Origin of the stamps the server writes into a minutes doc. */
export const MINUTES_STAMP = Symbol('minutes-stamp')

/** Why the doc cannot be finalised yet (the first incomplete header field), or null. */
export function finaliseProblem(doc: Y.Doc): { error: string; field: string } | null {
  const header = readHeader(doc)
  for (const key of HEADER_KEYS) {
    const error = headerError(key, header[key])
    if (error) return { error: `定稿前请先填好${HEADER_FIELDS[key].label}：${error}`, field: key }
  }
  return null
}

/** Stores the final version of `current` (already checked against the doc) and returns the stamp to mirror. */
export async function storeFinal(
  minutes: MinutesVersionStore,
  name: string,
  current: { content: string; hash: string },
  by: { id: string; name: string },
  at: string,
): Promise<{ version: VersionSummary; stamp: FinalStamp }> {
  const confirmations = await minutes.confirmations(name, current.hash)
  const version = await minutes.addVersion(name, { kind: 'final', ...current, at, by: by.id, confirmations })
  return { version, stamp: { version: version.version, hash: current.hash, at, by: by.id, byName: by.name } }
}

/** Writes server stamps into a doc under MINUTES_STAMP. */
export function writeStamps(doc: Y.Doc, stamps: { final?: FinalStamp; confirmation?: Confirmation }): void {
  Y.transact(
    doc,
    () => {
      // Validated on the way in, as every fact is (shared/facts.ts).
      if (stamps.confirmation) appendFact(confirmationsArray(doc), confirmStampSchema, stamps.confirmation)
      if (stamps.final) appendFact(finalisationsArray(doc), finalStampSchema, stamps.final)
    },
    MINUTES_STAMP,
  )
}
