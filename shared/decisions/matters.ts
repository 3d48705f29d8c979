/**
 * What a decision is about. Matter types follow 《村民委员会组织法》(2018) art. 24: the matters
 * listed there "经村民会议讨论决定方可办理", and art. 24 lets the 村民会议 authorise the
 * 村民代表会议 to decide them. Everything else is a major matter (重大事项) decided under the
 * 四议两公开 procedure by either assembly. Categories are the subject areas DOMAIN.md §3.3 names
 * (F001§10, §4, §2).
 */
export const MATTER_TYPES = [
  'art24_allowances',
  'art24_collective_income',
  'art24_public_works',
  'art24_land_contract',
  'art24_collective_projects',
  'art24_homesteads',
  'art24_land_compensation',
  'art24_collective_property',
  'art24_other_villagers_interest',
  'major_other',
] as const
export type MatterType = (typeof MATTER_TYPES)[number]

export const MATTER_TYPE_LABELS: Record<MatterType, string> = {
  art24_allowances: '享受误工补贴的人员及补贴标准（第24条）',
  art24_collective_income: '村集体经济所得收益的使用（第24条）',
  art24_public_works: '公益事业兴办和筹资筹劳、建设承包方案（第24条）',
  art24_land_contract: '土地承包经营方案（第24条）',
  art24_collective_projects: '村集体经济项目的立项、承包方案（第24条）',
  art24_homesteads: '宅基地的使用方案（第24条）',
  art24_land_compensation: '征地补偿费的使用、分配方案（第24条）',
  art24_collective_property: '以借贷、租赁等方式处分村集体财产（第24条）',
  art24_other_villagers_interest: '村民会议认为应当讨论决定的其他涉及村民利益事项（第24条）',
  major_other: '其他重大事项',
}

/** Art. 24 matters need the 村民会议, or a 村民代表会议 the 村民会议 has authorised. */
export function isArt24Matter(matter: MatterType): boolean {
  return matter !== 'major_other'
}

export const CATEGORIES = ['collective_assets', 'subsidies', 'land', 'public_works', 'livelihood_projects', 'village_rules', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  collective_assets: '集体资产',
  subsidies: '惠农补贴',
  land: '土地征收与承包',
  public_works: '公益事业',
  livelihood_projects: '民生微实事',
  village_rules: '村规民约',
  other: '其他',
}
