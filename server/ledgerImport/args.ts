/**
 * Arguments of `npm run ledger:import` (issue #12 item 6). A bad argument is a UsageError: the
 * command prints its Chinese message on stderr and exits 2.
 */
import { parseArgs } from 'node:util'

export type ImportArgs = {
  village: string
  file: string
  dryRun: boolean
  json: boolean
  /** The importing user's phone; default: the township admin (see README). */
  as?: string
  /** Grid (name or code) for rows without a 网格 column; default: the village's only grid. */
  grid?: string
  /** A running relay to write through; default: the one found on this store. */
  relay?: string
}

export class UsageError extends Error {}

export const USAGE = '用法：npm run ledger:import -- --village <村 id 或村名> --file <文件路径> [--dry-run] [--json] [--grid <网格名称或编号>] [--as <手机号>] [--relay <地址>]'

/** The options that take a value. */
const VALUE_OPTIONS = new Set(['--village', '--file', '--as', '--grid', '--relay'])

/**
 * A village id is base64url and may begin with a dash (`-XYZ…`), which node's parser takes for an
 * option ("argument is ambiguous"); no option here is a single dash, so such a word after an option
 * that takes a value is that value.
 */
function joinDashedValues(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    const next = argv[i + 1]
    if (VALUE_OPTIONS.has(word) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`${word}=${next}`)
      i++
    } else out.push(word)
  }
  return out
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: joinDashedValues(argv),
      options: {
        village: { type: 'string' },
        file: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        as: { type: 'string' },
        grid: { type: 'string' },
        relay: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const unknown = /Unknown option '([^']+)'/.exec(message)
    // 'argument is ambiguous': an option word where its value should be (--village --dry-run).
    const missing = /Option '([^']+?)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message)
    throw new UsageError(`${unknown ? `不认识的参数 ${unknown[1]}` : missing ? `参数 ${missing[1]} 后面缺少值` : `参数有误（${message}）`}\n${USAGE}`)
  }
  const { values } = parsed
  if (!values.village?.trim()) throw new UsageError(`缺少 --village（村 id 或完整村名）\n${USAGE}`)
  if (!values.file?.trim()) throw new UsageError(`缺少 --file（要导入的 .xlsx 或 .csv 文件）\n${USAGE}`)
  return { village: values.village.trim(), file: values.file, dryRun: values['dry-run'] ?? false, json: values.json ?? false, as: values.as, grid: values.grid, relay: values.relay }
}
