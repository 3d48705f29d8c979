/**
 * Category words in a clerk's 类别 cell → where each belongs (issue #12 item 4). A cell may hold
 * several, separated by ；;、，,/ or spaces. Each word is, in this order:
 * 1. an option of the column's own field (a 户类别 column's 低保户 stays the household flag, so an
 *    export re-imports unchanged);
 * 2. a resident flag (党员, 残疾, 留守老人 …: the ledger's P1 flags that drive visit rules);
 * 3. a care category (低保, 特困供养, 重度残疾 …, DOMAIN.md §2.5, tier P3): a 关爱帮扶 record in the
 *    grid's sensitive doc, written only when the importing user may write that doc;
 * 4. a household flag (困难户, 危房户 …);
 * 5. a special-population category (刑满释放人员 …): never created from a spreadsheet cell, because
 *    such a record needs a control status and an agency; the preview says so.
 * Anything else is an unknown category, and the row says which word it did not know.
 */
import { toHalfWidth } from '../text/halfWidth.js'
import { HOUSEHOLD_FLAGS } from './kinds/household.js'
import { RESIDENT_FLAGS } from './kinds/resident.js'
import { CARE_CATEGORIES, SPECIAL_CATEGORIES } from './kinds/sensitive.js'

export type CategoryTarget =
  | { to: 'residentFlag'; value: string }
  | { to: 'householdFlag'; value: string }
  | { to: 'care'; value: string }
  | { to: 'special'; value: string }

export const CATEGORY_SEPARATORS = /[、,，;；/／\\|\s\u3000]+/

const RESIDENT_SYNONYMS: Record<string, string> = { 中共党员: '党员', 预备党员: '党员', 退伍军人: '退役军人', 复员军人: '退役军人', 外出: '外出务工', 务工: '外出务工', 残疾人: '残疾', 残疾人员: '残疾' }
const CARE_SYNONYMS: Record<string, string> = {
  低保户: '低保', 低保对象: '低保', 城乡低保: '低保', 农村低保: '低保', 城市低保: '低保', 最低生活保障: '低保',
  特困: '特困供养', 特困人员: '特困供养', 特困户: '特困供养', 五保: '特困供养', 五保户: '特困供养', 分散供养: '特困供养', 集中供养: '特困供养',
  重残: '重度残疾', 一级残疾: '重度残疾', 二级残疾: '重度残疾', 大病: '重病', 重大疾病: '重病',
  优抚: '优抚对象', 监测户: '防返贫监测', 防贫监测: '防返贫监测', 监测对象: '防返贫监测', 空巢老人: '独居空巢老人',
}

export function splitCategories(text: string): string[] {
  return toHalfWidth(text).split(CATEGORY_SEPARATORS).map((w) => w.trim()).filter(Boolean)
}

export function routeCategory(word: string, own: 'resident' | 'household' | null): CategoryTarget | null {
  if (own === 'household' && includes(HOUSEHOLD_FLAGS, word)) return { to: 'householdFlag', value: word }
  const resident = includes(RESIDENT_FLAGS, word) ? word : RESIDENT_SYNONYMS[word]
  if (resident) return { to: 'residentFlag', value: resident }
  const care = includes(CARE_CATEGORIES, word) ? word : CARE_SYNONYMS[word]
  if (care) return { to: 'care', value: care }
  if (includes(HOUSEHOLD_FLAGS, word)) return { to: 'householdFlag', value: word }
  if (includes(SPECIAL_CATEGORIES, word)) return { to: 'special', value: word }
  return null
}

/** Is this header the name of one category (a 是/否 column such as 党员, 是否低保)? */
export function categoryOfHeader(header: string): CategoryTarget | null {
  return routeCategory(header.replace(/^是否/, '').replace(/[（(].*[)）]$/, ''), null)
}

function includes(list: readonly string[], word: string): boolean {
  return list.includes(word)
}
