/**
 * 地: houses, rental rooms (出租屋: landlord, property manager and tenants — 出租户、租赁户、物业 三位一体,
 * DOMAIN.md §2.3; the residents living there point at it), shops and key sites (§2.2c).
 */
import { defineKind, text } from '../kind.js'

export const place = defineKind({
  kind: 'place',
  label: '地',
  doc: 'ledger',
  sensitivity: 'P2',
  fields: [
    { key: 'name', label: '名称', type: 'text', required: true, max: 100 },
    { key: 'placeType', label: '场所类型', type: 'enum', required: true, options: ['出租屋', '商铺', '“三小”场所', '小区', '学校', '市场', '企业厂房', '重点场所', '其他'] },
    { key: 'address', label: '地址', type: 'text', required: true, max: 200 },
    { key: 'landlord', label: '房东/负责人', type: 'text', max: 40 },
    { key: 'landlordPhone', label: '房东电话', type: 'phone' },
    { key: 'propertyManager', label: '物业/管理人', type: 'text', max: 100, hint: '小区物业，或代房东管理的中介、亲属' },
    { key: 'propertyManagerPhone', label: '物业电话', type: 'phone' },
    { key: 'tenants', label: '承租人', type: 'text', max: 500, hint: '多名承租人用顿号分隔' },
    { key: 'rentFrom', label: '租期开始', type: 'date' },
    { key: 'rentTo', label: '租期结束', type: 'date' },
    { key: 'tenantCount', label: '居住人数', type: 'number', min: 0, max: 1000, integer: true },
    { key: 'fireCheck', label: '消防检查', type: 'enum', options: ['合格', '有隐患', '未检查'] },
    { key: 'note', label: '备注', type: 'text', multiline: true },
  ],
  columns: ['name', 'placeType', 'address', 'landlord', 'tenants', 'rentTo', 'fireCheck'],
  title: (v) => text(v, 'name') || '（未命名场所）',
})
