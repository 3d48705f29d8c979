/**
 * The six domains of 六联 (seed 000, DOMAIN.md §2.13): each with the township department that
 * leads it, its target, and the kind of work the month's 轮值户 does in it. The 门前三包 checklist
 * is seed 000's own wording (§2.11); a village may use it as is.
 */

export const DOMAIN_KEYS = ['civility', 'hygiene', 'security', 'emergency', 'hardship', 'prosperity'] as const
export type DomainKey = (typeof DOMAIN_KEYS)[number]

export type DomainDef = { label: string; departments: readonly string[]; target: string; content: string; duty: string }

export const DOMAINS: Record<DomainKey, DomainDef> = {
  civility: {
    label: '文明联创',
    departments: ['镇党政办'],
    target: '深入推进群众性精神文明创建活动，加快城乡精神文明建设步伐',
    content: '倡导移风易俗，反对铺张浪费，改变陈规陋习，传播现代文明',
    duty: '轮值户负责监督检查，督促落实文明联创措施',
  },
  hygiene: {
    label: '卫生联洁',
    departments: ['镇创优办', '镇卫办', '镇药监站'],
    target: '房前屋后整洁卫生，建设美丽家园',
    content: '落实门前“三包”等措施',
    duty: '轮值户定期督促检查辖区内卫生情况，确保环境整洁有序',
  },
  security: {
    label: '治安联防',
    departments: ['镇综治办', '镇派出所', '镇平安办', '镇司法所'],
    target: '自我防范、自我管理、邻里互助、群防群治',
    content: '流动人口登记、劝解民事纠纷、报告突发事件信息、防火防盗防汛',
    duty: '每月轮流值班户组织住户开展法律法规和政策宣传，关注特殊人群，落实自防联防责任',
  },
  emergency: {
    label: '应急联动',
    departments: ['镇平安办'],
    target: '及时联动应对各类突发事件，分工负责、相互协作，快速反应、科学处置',
    content: '日常检查，排查各类危险源和安全隐患，开展应急预案演练',
    duty: '发生安全事故时，相应辖区内的联动小组及时处置，控制事态，并及时上报',
  },
  hardship: {
    label: '困难联帮',
    departments: ['镇社事办'],
    target: '实现困难和灾害面前自我组织、自我管理、自我救助',
    content: '互助教育和防灾减灾知识教育，对受灾群众给予力所能及的帮助',
    duty: '联帮轮值户实行结对联系制、定期访问、定点走访',
  },
  prosperity: {
    label: '致富联带',
    departments: ['镇农业服务中心'],
    target: '先富带后富，户户能致富',
    content: '已富起来或有致富门路的户自愿帮助和带动其余户找准致富门路',
    duty: '确定产业发展示范户，通过示范户带动其余户发展产业',
  },
}

/** 门前三包 (seed 000, 卫生联洁), one checkbox each: ticked = 合格. */
export const THREE_GUARANTEES = [
  { key: 'appearance', label: '一包门前容貌整洁', detail: '无乱设摊点、乱搭建、乱张贴、乱涂写、乱刻画、乱吊挂、乱堆放' },
  { key: 'sanitation', label: '二包门前环境卫生整洁', detail: '无裸露垃圾、粪便、污水，无污迹，无渣土，无蚊蝇孳生地' },
  { key: 'facilities', label: '三包责任区设施绿地整洁', detail: '门前责任区内的设施、设备和绿地整洁' },
] as const
export type GuaranteeKey = (typeof THREE_GUARANTEES)[number]['key']

/** What the duty household records, and in which domain it counts. */
export const DUTY_TYPES = {
  inspection: { label: '门前三包检查', domain: 'hygiene' },
  patrol: { label: '治安巡逻', domain: 'security' },
  activity: { label: '文明创建活动', domain: 'civility' },
  hazardCheck: { label: '隐患排查', domain: 'emergency' },
  pairing: { label: '困难结对走访', domain: 'hardship' },
  demonstration: { label: '致富示范带动', domain: 'prosperity' },
} as const satisfies Record<string, { label: string; domain: DomainKey }>
export type DutyType = keyof typeof DUTY_TYPES
export const DUTY_TYPE_KEYS = Object.keys(DUTY_TYPES) as DutyType[]
