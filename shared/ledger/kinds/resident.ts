/**
 * 人: one resident (DOMAIN.md §2.2b). Birth date, age and sex are read from the ID number
 * (idNumber.ts), never stored twice. Special-group and care records live in the grid's
 * sensitive doc and point here by id; nothing of them is stored on the resident.
 */
import { ageOn, parseIdNumber } from '../idNumber.js'
import { defineKind, text } from '../kind.js'

export const RESIDENT_FLAGS = ['党员', '村民代表', '残疾', '失业', '留守儿童', '留守妇女', '留守老人', '独居老人', '高龄老人', '退役军人', '外出务工'] as const

export const PERMIT_STATES = ['未办理', '办理中', '已办理'] as const

const RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '儿媳', '女婿', '其他'] as const

/** How 户籍 books and clerks write relations (公安户籍 "与户主关系" codes and their short forms). */
const RELATION_SYNONYMS: Record<string, (typeof RELATIONS)[number]> = Object.fromEntries(
  Object.entries({
    户主: ['本人', '户主本人'],
    配偶: ['妻', '夫', '妻子', '丈夫', '之妻', '之夫', '爱人', '老伴'],
    子女: ['子', '女', '儿', '儿子', '女儿', '长子', '次子', '三子', '四子', '长女', '次女', '三女', '四女', '独子', '独女', '之子', '之女', '养子', '养女', '继子', '继女', '子女'],
    父母: ['父', '母', '父亲', '母亲', '之父', '之母', '公公', '婆婆', '岳父', '岳母'],
    孙子女: ['孙', '孙子', '孙女', '外孙', '外孙子', '外孙女', '之孙', '之孙女', '曾孙', '曾孙女'],
    兄弟姐妹: ['兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹', '兄弟', '姐妹'],
    儿媳: ['媳', '儿媳妇', '媳妇', '之媳', '长媳', '次媳'],
    女婿: ['婿', '之婿'],
  } satisfies Record<string, string[]>).flatMap(([option, words]) => words.map((word) => [word, option as (typeof RELATIONS)[number]])),
)

export const resident = defineKind({
  kind: 'resident',
  label: '人',
  doc: 'ledger',
  sensitivity: 'P1',
  fields: [
    { key: 'name', label: '姓名', type: 'text', required: true, max: 40, aliases: ['成员姓名', '人员姓名', '家庭成员姓名'] },
    { key: 'idNumber', label: '身份证号', type: 'idNumber', masked: true, aliases: ['身份证号码', '公民身份号码', '身份证', '证件号码', '证件号', '身份证件号码'] },
    { key: 'householdId', label: '所属户', type: 'ref', to: 'household' },
    { key: 'relation', label: '与户主关系', type: 'enum', options: RELATIONS, synonyms: RELATION_SYNONYMS, aliases: ['关系', '与户主的关系', '家庭关系'] },
    { key: 'phone', label: '联系电话', type: 'phone', aliases: ['电话', '手机', '手机号', '手机号码', '联系方式'] },
    { key: 'residenceType', label: '人口类型', type: 'enum', options: ['户籍', '常住', '流动'], aliases: ['居住类型'] },
    { key: 'flags', label: '人员类别', type: 'tags', options: RESIDENT_FLAGS, aliases: ['类别', '人员类型', '身份类别', '备注类别'] },
    { key: 'origin', label: '户籍地/来源地', type: 'text', max: 100 },
    { key: 'employer', label: '工作单位', type: 'text', max: 100 },
    // 出租屋 三位一体 (DOMAIN.md §2.3, story 11): the rental a tenant lives in, whose landlord and
    // property manager are on the place; the place lists its tenants (shared/ledger/floating.ts).
    { key: 'rentalPlaceId', label: '租住的出租屋', type: 'ref', to: 'place', hint: '租住本村出租屋的选这处房屋，房东、物业在房屋的记录里' },
    // 流动人口 (DOMAIN.md §2.3; seed 003: 「流動人員遷入遷出必報」, 「暫住人口登記、辦證」): when they came and
    // left, and the 居住证. One who has left stays in the ledger but is no longer visited (stats.ts).
    { key: 'arrivedAt', label: '来本村日期', type: 'date', hint: '流动人口填写：到本村居住的日期', aliases: ['来本地日期', '迁入日期', '入住日期', '来本村时间', '暂住日期'] },
    { key: 'leftAt', label: '离开日期', type: 'date', hint: '已离开本村的填写；离开后不再列入走访', aliases: ['迁出日期', '离开时间', '离村日期'] },
    { key: 'permit', label: '居住证', type: 'enum', options: PERMIT_STATES, synonyms: { 已办: '已办理', 未办: '未办理', 在办: '办理中', 是: '已办理', 否: '未办理' }, aliases: ['居住证办理情况', '暂住证'] },
    { key: 'note', label: '备注', type: 'text', multiline: true },
  ],
  columns: ['name', 'idNumber', 'sex', 'age', 'relation', 'phone', 'residenceType', 'flags'],
  derived: [
    { key: 'sex', label: '性别', value: (r, today) => idInfo(r.values, today)?.sex ?? '' },
    { key: 'birthDate', label: '出生日期', value: (r, today) => idInfo(r.values, today)?.birthDate ?? '' },
    {
      key: 'age',
      label: '年龄',
      numeric: true,
      value: (r, today) => {
        const info = idInfo(r.values, today)
        return info ? String(ageOn(info.birthDate, today)) : ''
      },
    },
    { key: 'stay', label: '在村情况', value: (r, today) => (hasLeft(r.values, today) ? `已离开（${text(r.values, 'leftAt')}）` : '') },
  ],
  title: (v) => text(v, 'name') || '（未填姓名）',
})

/** Left the village on or before `today` (a 离开日期 still to come is not yet gone). */
export function hasLeft(values: Record<string, unknown>, today: string): boolean {
  const leftAt = text(values, 'leftAt')
  return leftAt !== '' && today !== '' && leftAt <= today
}

function idInfo(values: Record<string, unknown>, today: string) {
  const id = text(values, 'idNumber')
  if (!id) return null
  const parsed = parseIdNumber(id, today)
  return parsed.ok ? parsed.info : null
}
