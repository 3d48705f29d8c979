/**
 * The running relay's address, left in DATA_DIR (`relay.json`: pid, port) while it runs on SQLite,
 * so a command-line tool on the same store (npm run ledger:import) finds it and writes through it
 * instead of beside it: a relay that holds a doc in memory compacts the doc's log from memory, so
 * rows written behind its back could be replaced by a snapshot that lacks them.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'

const FILE = 'relay.json'
const beaconSchema = z.object({ pid: z.number().int(), port: z.number().int(), host: z.string() })

export function writeBeacon(dataDir: string, port: number, host: string): void {
  writeFileSync(join(dataDir, FILE), JSON.stringify({ pid: process.pid, port, host }))
}

export function removeBeacon(dataDir: string): void {
  const beacon = readBeacon(dataDir)
  if (beacon?.pid === process.pid) rmSync(join(dataDir, FILE), { force: true })
}

/** The beacon of a relay process that is still alive, or null. */
export function readBeacon(dataDir: string): z.infer<typeof beaconSchema> | null {
  let text: string
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8')
  } catch {
    return null // no relay has announced itself on this store
  }
  const parsed = beaconSchema.safeParse(safeJson(text))
  if (!parsed.success || !alive(parsed.data.pid)) return null
  return parsed.data
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null // a half-written or foreign file: treated as no beacon
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
