/**
 * Runs history coarsening (coarsen.ts) a minute after start and then daily, doc by doc (the event
 * loop gets a turn between docs), for the days older than HISTORY_DETAIL_DAYS. Several relays may run it at once: a doc coarsened meanwhile by
 * another relay is left to it (replaceHistory answers false and nothing changes).
 */
import type { Logger } from '../log.js'
import { errorMessage } from '../log.js'
import type { DocStore } from '../storage/types.js'
import { coarsenHistory } from './coarsen.js'

const DAY_MS = 86_400_000
// Not while the relay is still loading its first docs.
const START_DELAY_MS = 60_000

/** Coarsens every doc's history before `before` (ISO); resolves with the rows replaced and written. */
export async function coarsenAll(docs: DocStore, before: string, log: Logger): Promise<{ replaced: number; written: number }> {
  let replaced = 0
  let written = 0
  for (const docName of await docs.historyDocs(before)) {
    await new Promise((resolve) => setImmediate(resolve))
    const replacements = coarsenHistory(await docs.history(docName), before)
    if (replacements.length === 0) continue
    if (!(await docs.replaceHistory(docName, replacements))) continue
    const n = replacements.reduce((sum, x) => sum + x.replaces.length, 0)
    replaced += n
    written += replacements.length
    log.info('history.coarsened', { doc: docName, replaced: n, written: replacements.length, before })
  }
  return { replaced, written }
}

export function startHistoryCoarsening(docs: DocStore, days: number, log: Logger, now: () => number = Date.now): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve()
  const run = () => {
    running = coarsenAll(docs, new Date(now() - days * DAY_MS).toISOString(), log).catch((err: unknown) =>
      log.warn('history coarsening failed', { error: errorMessage(err) }),
    )
  }
  let timer: NodeJS.Timeout = setTimeout(() => {
    run()
    timer = setInterval(run, DAY_MS)
    timer.unref()
  }, START_DELAY_MS)
  timer.unref()
  return {
    async stop() {
      clearTimeout(timer)
      clearInterval(timer)
      await running
    },
  }
}
