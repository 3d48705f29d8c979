/**
 * `npm run seed:demo [-- --scale village] [--seed N]`: writes demo data into the configured
 * store (DATA_DIR SQLite, or DATABASE_URL) and prints the demo accounts. Exits 1 without
 * writing anything when the store already has villages.
 */
import { parseArgs } from 'node:util'
import { shanghaiDate } from '../../shared/civilDate.js'
import { configFromEnv } from '../config.js'
import { createLogger, errorMessage } from '../log.js'
import { openStore } from '../storage/openStore.js'
import { DEMO_SCALES, type DemoScale } from './plan.js'
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemo, SeedRefused } from './seedDemo.js'

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'township' }, seed: { type: 'string', default: '20261123' } } })
const scale = values.scale as DemoScale
if (!DEMO_SCALES.includes(scale)) {
  process.stderr.write(`--scale 只能是 ${DEMO_SCALES.join(' 或 ')}\n`)
  process.exit(2)
}
const config = configFromEnv(process.env)
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)
const store = await openStore(config, log)
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir}/cunwu.sqlite`
try {
  const admin = config.adminPhone && config.adminPassword ? { phone: config.adminPhone, password: config.adminPassword, name: config.adminName } : DEMO_ADMIN
  const summary = await seedDemo(store, { scale, seed: Number(values.seed), today: shanghaiDate(), admin })
  const t = summary.totals
  const lines = [
    `演示数据已写入 ${where}：`,
    `  ${summary.villages.length} 个村、${summary.villages.reduce((n, v) => n + v.grids.length, 0)} 个网格、${t.households} 户、${t.residents} 人、${t.visits} 次走访、${t.patrols} 次巡查、${t.environment} 户次人居环境检查、${t.disputes} 件矛盾纠纷、${t.incidents} 件事件、${t.sites} 个场所/设施/组织、${t.sensitive} 条敏感台账记录`,
    `  ${t.meetings} 次会议记录（${t.finalised} 份已定稿）、${t.decisions} 个四议两公开事项、${t.notices} 条公告`,
    '',
    '演示账号（手机号 / 密码）：',
    `  ${summary.admin.phone} / ${summary.admin.created ? admin.password : '（已有的镇管理员，密码不变）'}  镇(街道)管理员`,
    ...summary.accounts.map((a) => `  ${a.phone} / ${DEMO_PASSWORD}  ${a.name}：${a.title}（${summary.villages[a.village]?.name ?? ''}）`),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof SeedRefused ? '' : '演示数据写入失败：'}${errorMessage(error)}\n`)
  process.exitCode = 1
} finally {
  await store.close()
}
