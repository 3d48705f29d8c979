/**
 * `npm run ledger:import` arguments: a village id may begin with a dash (ids are base64url), and
 * is read as the value of --village, not as an option; bad arguments are refused in Chinese.
 */
import { describe, expect, it } from 'vitest'
import { parseImportArgs, UsageError } from '../../server/ledgerImport/args.js'

describe('ledger:import arguments', () => {
  it('reads a village id that begins with a dash as the value of --village', () => {
    expect(parseImportArgs(['--village', '-Xy_9', '--file', 'a.xlsx', '--dry-run'])).toMatchObject({ village: '-Xy_9', file: 'a.xlsx', dryRun: true, json: false })
    expect(parseImportArgs(['--village=-Xy_9', '--file', '-名单.xlsx', '--grid', '-01'])).toMatchObject({ village: '-Xy_9', file: '-名单.xlsx', grid: '-01' })
  })

  it('refuses an unknown option, a missing value and a missing --village in Chinese', () => {
    const message = (argv: string[]) => {
      try {
        parseImportArgs(argv)
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError)
        return (err as Error).message.split('\n')[0]
      }
      return null
    }
    expect(message(['--village', '测试村', '--file', 'a.xlsx', '--force'])).toBe('不认识的参数 --force')
    expect(message(['--file', 'a.xlsx', '--village'])).toBe('参数 --village 后面缺少值')
    expect(message(['--file', 'a.xlsx'])).toBe('缺少 --village（村 id 或完整村名）')
    // A word that is an option of its own is not taken as a value.
    expect(message(['--village', '--dry-run', '--file', 'a.xlsx'])).toBe('参数 --village 后面缺少值')
  })
})
