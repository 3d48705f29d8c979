/**
 * The words a cadre types to say whom a visit rule selects (「独居老人、低保户、流动」), sorted into
 * the rule's selectors: a residence type (流动, 户籍, 常住), a special-population or care category
 * (sensitive: counted only for users who may see those records) and otherwise a flag of the
 * household or the resident. A word that is both a flag and a care category (留守老人, 高龄老人)
 * selects by either. No word at all selects everyone.
 */
import { CARE_CATEGORIES, SPECIAL_CATEGORIES } from '../../../shared/ledger/kinds/sensitive'
import type { RuleLayer } from '../../../shared/settings/layer'
import { RESIDENT_FLAGS } from '../../../shared/ledger/kinds/resident'
import { HOUSEHOLD_FLAGS } from '../../../shared/ledger/kinds/household'

const RESIDENCE_TYPES = ['流动', '户籍', '常住']
const CATEGORIES = new Set<string>([...SPECIAL_CATEGORIES, ...CARE_CATEGORIES])
const FLAGS = new Set<string>([...RESIDENT_FLAGS, ...HOUSEHOLD_FLAGS])

export function splitWords(text: string): string[] {
  return [...new Set(text.split(/[；;、，,/\s]+/).map((w) => w.trim()).filter(Boolean))]
}

export function selectorsOf(words: readonly string[]): Pick<RuleLayer, 'flagsAny' | 'residenceTypesAny' | 'categoriesAny'> {
  if (words.length === 0) return { flagsAny: null, residenceTypesAny: [], categoriesAny: [] }
  return {
    flagsAny: words.filter((w) => !RESIDENCE_TYPES.includes(w) && (!CATEGORIES.has(w) || FLAGS.has(w))),
    residenceTypesAny: words.filter((w) => RESIDENCE_TYPES.includes(w)),
    categoriesAny: words.filter((w) => CATEGORIES.has(w)),
  }
}

export function wordsOf(rule: { flagsAny?: readonly string[] | null; residenceTypesAny?: readonly string[]; categoriesAny?: readonly string[] }): string {
  if (rule.flagsAny === null) return ''
  return [...new Set([...(rule.flagsAny ?? []), ...(rule.residenceTypesAny ?? []), ...(rule.categoriesAny ?? [])])].join('、')
}
