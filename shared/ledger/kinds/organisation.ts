/** 组织: enterprises, social organisations, property companies, employers (DOMAIN.md §2.2d). */
import { defineKind, text } from '../kind.js'

export const organisation = defineKind({
  kind: 'organisation',
  label: '组织',
  doc: 'ledger',
  sensitivity: 'P1',
  fields: [
    { key: 'name', label: '名称', type: 'text', required: true, max: 100 },
    { key: 'orgType', label: '组织类型', type: 'enum', required: true, options: ['企业', '个体工商户', '社会组织', '合作社', '物业', '用工单位', '其他'] },
    { key: 'contact', label: '负责人', type: 'text', max: 40 },
    { key: 'phone', label: '联系电话', type: 'phone' },
    { key: 'address', label: '地址', type: 'text', max: 200 },
    { key: 'creditCode', label: '统一社会信用代码', type: 'text', max: 18 },
    { key: 'employees', label: '从业人数', type: 'number', min: 0, max: 100000, integer: true },
    { key: 'duties', label: '责任清单', type: 'text', multiline: true },
    { key: 'note', label: '备注', type: 'text', multiline: true },
  ],
  columns: ['name', 'orgType', 'contact', 'phone', 'address', 'employees'],
  title: (v) => text(v, 'name') || '（未命名组织）',
})
