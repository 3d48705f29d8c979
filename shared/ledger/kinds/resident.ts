/**
 * 人: one resident (DOMAIN.md §2.2b). Birth date, age and sex are read from the ID number
 * (idNumber.ts), never stored twice. Special-group and care records live in the grid's
 * sensitive doc and point here by id; nothing of them is stored on the resident.
 */
import { ageOn, parseIdNumber } from '../idNumber.js'
import type { KindDef } from '../kind.js'
import { text } from '../kind.js'

export const RESIDENT_FLAGS = ['党员', '村民代表', '残疾', '失业', '留守儿童', '留守妇女', '留守老人', '独居老人', '高龄老人', '退役军人', '外出务工'] as const

export const resident: KindDef = {
  kind: 'resident',
  label: '人',
  doc: 'ledger',
  sensitivity: 'P1',
  fields: [
    { key: 'name', label: '姓名', type: 'text', required: true, max: 40 },
    { key: 'idNumber', label: '身份证号', type: 'idNumber', masked: true, aliases: ['身份证号码', '公民身份号码', '身份证'] },
    { key: 'householdId', label: '所属户', type: 'ref', to: 'household' },
    { key: 'relation', label: '与户主关系', type: 'enum', options: ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '儿媳', '女婿', '其他'], aliases: ['关系'] },
    { key: 'phone', label: '联系电话', type: 'phone', aliases: ['电话', '手机号'] },
    { key: 'residenceType', label: '人口类型', type: 'enum', options: ['户籍', '常住', '流动'], aliases: ['居住类型'] },
    { key: 'flags', label: '人员类别', type: 'tags', options: RESIDENT_FLAGS },
    { key: 'origin', label: '户籍地/来源地', type: 'text', max: 100 },
    { key: 'employer', label: '工作单位', type: 'text', max: 100 },
    { key: 'note', label: '备注', type: 'text', multiline: true },
  ],
  columns: ['name', 'idNumber', 'sex', 'age', 'relation', 'phone', 'residenceType', 'flags'],
  derived: [
    { key: 'sex', label: '性别', value: (r, today) => idInfo(r.values, today)?.sex ?? '' },
    { key: 'birthDate', label: '出生日期', value: (r, today) => idInfo(r.values, today)?.birthDate ?? '' },
    {
      key: 'age',
      label: '年龄',
      value: (r, today) => {
        const info = idInfo(r.values, today)
        return info ? String(ageOn(info.birthDate, today)) : ''
      },
    },
  ],
  title: (v) => text(v, 'name') || '（未填姓名）',
}

function idInfo(values: Record<string, unknown>, today: string) {
  const id = text(values, 'idNumber')
  if (!id) return null
  const parsed = parseIdNumber(id, today)
  return parsed.ok ? parsed.info : null
}
