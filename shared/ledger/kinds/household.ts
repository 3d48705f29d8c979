/** 户: one household (DOMAIN.md §2.2a) — "人进户、户进房、房进网格". Members are residents linking here. */
import { defineKind, text } from '../kind.js'

/** 人员类别 flags that drive visit rules (§4.1) and dashboards; not the P3 special groups. */
export const HOUSEHOLD_FLAGS = ['困难户', '低保户', '特困户', '五保户', '脱贫不稳定户', '边缘易致贫户', '留守家庭', '独居空巢', '残疾人家庭', '优抚对象', '信访户', '重点户', '危房户', '出租户'] as const

export const household = defineKind({
  kind: 'household',
  label: '户',
  doc: 'ledger',
  sensitivity: 'P1',
  fields: [
    { key: 'householdNo', label: '户编号', type: 'text', required: true, max: 40, aliases: ['户号', '户籍编号', '编号'] },
    { key: 'headName', label: '户主姓名', type: 'text', required: true, max: 40, aliases: ['户主', '户主名', '户主名字'] },
    { key: 'address', label: '住址', type: 'text', required: true, max: 200, aliases: ['现住址', '家庭住址', '居住地址', '详细地址', '地址', '住所', '家庭地址'] },
    { key: 'villagerGroup', label: '村民小组', type: 'text', max: 40, aliases: ['组别', '小组', '组', '所在组', '村组'] },
    { key: 'phone', label: '联系电话', type: 'phone', aliases: ['电话', '手机', '手机号', '手机号码', '联系方式'] },
    { key: 'flags', label: '户类别', type: 'tags', options: HOUSEHOLD_FLAGS, aliases: ['户类型', '家庭类别'] },
    { key: 'linkedCadre', label: '联系干部', type: 'text', max: 40 },
    { key: 'housingSafety', label: '住房安全', type: 'enum', options: ['安全', '一般隐患', '危房'] },
    { key: 'note', label: '备注', type: 'text', multiline: true },
  ],
  columns: ['householdNo', 'headName', 'address', 'villagerGroup', 'phone', 'flags'],
  title: (v) => `${text(v, 'headName') || '（未填户主）'}户`,
})
