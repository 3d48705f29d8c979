/**
 * Who is expected at a meeting, from the ledger rather than typed one by one: the residents
 * flagged 村民代表 for a 村民代表会议, 党员 for a 党员大会 (shared/ledger/kinds/resident.ts
 * flags). Names already on the attendee list are left out, so pressing the button twice adds
 * nobody twice. Only names and the role go into the minutes; nothing else from the ledger.
 */
import type * as Y from 'yjs'
import { listRecords } from '../ledger/ledgerDoc.js'
import type { MeetingType } from '../meetingIndex.js'

export const LEDGER_ATTENDEE_FLAG: Partial<Record<MeetingType, { flag: string; role: string }>> = {
  representatives: { flag: '村民代表', role: '村民代表' },
  party_members: { flag: '党员', role: '党员' },
}

export function ledgerAttendees(ledgers: readonly Y.Doc[], type: MeetingType, existing: readonly Record<string, string>[]): { name: string; role: string }[] {
  const source = LEDGER_ATTENDEE_FLAG[type]
  if (!source) return []
  const seen = new Set(existing.map((row) => (row.name ?? '').trim()))
  const out: { name: string; role: string }[] = []
  for (const ledger of ledgers) {
    for (const resident of listRecords(ledger, 'resident', '')) {
      const flags = resident.values.flags
      const name = String(resident.values.name ?? '').trim()
      if (!name || seen.has(name) || !Array.isArray(flags) || !flags.includes(source.flag)) continue
      seen.add(name)
      out.push({ name, role: source.role })
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}
