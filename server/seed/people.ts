/**
 * Households and residents of one demo grid: ≈3.25 people per household (DOMAIN.md §7.4: 1000
 * persons / 300 households), relations that fit the head's age, ID numbers valid under
 * GB 11643 (region, birth date, sequence with the sex parity, check character from idNumber.ts)
 * and unique, and a few percent of households with care flags (低保, 特困, 独居空巢 …).
 */
import type * as Y from 'yjs'
import { addDays } from '../../shared/civilDate.js'
import { idCheckChar } from '../../shared/ledger/idNumber.js'
import { household as householdKind } from '../../shared/ledger/kinds/household.js'
import { resident as residentKind } from '../../shared/ledger/kinds/resident.js'
import { givenName, LOCAL_REGION, OTHER_REGIONS, surname } from './names.js'
import type { Random } from './random.js'
import { floatingStay, floatingPermit } from './floating.js'
import { addRecord } from './records.js'

export type Person = { id: string; name: string; age: number; sex: '男' | '女'; householdId: string; relation: string; flags: string[] }
export type Household = { id: string; no: string; head: string; flags: string[]; members: Person[]; address: string }

const SIZES: readonly (readonly [number, number])[] = [[1, 12], [2, 22], [3, 25], [4, 21], [5, 12], [6, 6], [7, 2]]

type Member = { relation: string; age: number; sex: '男' | '女'; surname: string }

function composeMembers(random: Random, size: number): Member[] {
  const family = surname(random)
  const headAge = random.int(size === 1 ? 45 : 28, 85)
  const headSex = random.chance(0.85) ? '男' : '女'
  const members: Member[] = [{ relation: '户主', age: headAge, sex: headSex, surname: family }]
  const other = (sex: '男' | '女') => (sex === '男' ? '女' : '男')
  if (size >= 2 && random.chance(0.9)) members.push({ relation: '配偶', age: clampAge(headAge + random.int(-4, 4)), sex: other(headSex), surname: surname(random) })
  let childAge = -1
  while (members.length < size) {
    const adultChildren = members.filter((m) => m.relation === '子女' && m.age >= 22)
    if (headAge >= 58 && adultChildren.length > 0 && !members.some((m) => m.relation === '儿媳' || m.relation === '女婿') && random.chance(0.6)) {
      const child = adultChildren[0]!
      members.push({ relation: child.sex === '男' ? '儿媳' : '女婿', age: clampAge(child.age + random.int(-3, 3)), sex: other(child.sex), surname: surname(random) })
    } else if (headAge >= 55 && adultChildren.length > 0 && random.chance(0.5)) {
      members.push({ relation: '孙子女', age: Math.max(0, adultChildren[0]!.age - random.int(22, 32)), sex: random.chance(0.52) ? '男' : '女', surname: family })
    } else if (headAge <= 50 && !members.some((m) => m.relation === '父母') && random.chance(0.25)) {
      members.push({ relation: '父母', age: clampAge(headAge + random.int(24, 32)), sex: random.chance(0.5) ? '男' : '女', surname: family })
    } else {
      childAge = childAge < 0 ? Math.max(0, headAge - random.int(23, 32)) : Math.max(0, childAge - random.int(1, 5))
      members.push({ relation: '子女', age: childAge, sex: random.chance(0.52) ? '男' : '女', surname: family })
    }
  }
  return members
}

function clampAge(age: number): number {
  return Math.max(18, Math.min(98, age))
}

export type IdFactory = (age: number, sex: '男' | '女', region: string) => string

/**
 * Unique, valid ID numbers for people of a given age on `today`. Each village draws its sequence
 * numbers from its own block of SEQ_BLOCK, so numbers are unique across the township too.
 */
const SEQ_BLOCK = 40
export function idFactory(random: Random, today: string, block: number): IdFactory {
  const used = new Set<string>()
  return (age, sex, region) => {
    for (;;) {
      const birth = addDays(today, -(age * 365 + random.int(0, 364) + Math.floor(age / 4)))
      const seq = ((block * SEQ_BLOCK) % 500 + random.int(0, SEQ_BLOCK - 1)) * 2 + (sex === '男' ? 1 : 0)
      const first17 = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
      const id = first17 + idCheckChar(first17)
      if (!used.has(id)) {
        used.add(id)
        return id
      }
    }
  }
}

function phone(random: Random): string {
  return `1${random.pick(['3', '5', '7', '8', '9'])}${String(random.int(0, 999_999_999)).padStart(9, '0')}`
}

export type GridPeopleOptions = { gridCode: string; villageName: string; households: number; today: string; at: string; cadres: readonly string[] }

export function addHouseholds(doc: Y.Doc, random: Random, newId: IdFactory, options: GridPeopleOptions): Household[] {
  const groups = Math.max(1, Math.round(options.households / 30))
  const out: Household[] = []
  for (let n = 1; n <= options.households; n++) {
    const group = Math.min(groups, 1 + Math.floor(((n - 1) * groups) / options.households))
    const members = composeMembers(random, random.weighted(SIZES))
    const migrant = random.chance(0.05)
    const origin = migrant ? random.pick(OTHER_REGIONS) : null
    const people = members.map((m) => ({ ...m, name: m.surname + givenName(random, m.sex) }))
    const householdFlags = householdFlagsFor(random, people)
    const no = `${options.gridCode}${String(n).padStart(4, '0')}`
    const address = `${options.villageName}${group}组${random.int(1, 99)}号`
    const householdId = random.id()
    // Drawn from sources of their own (floating.ts), so the rest of the demo stays as it was.
    const stay = migrant ? floatingStay(householdId, options.today) : null
    addRecord(doc, householdKind, householdId, {
      householdNo: no,
      headName: people[0]!.name,
      address,
      villagerGroup: `${group}组`,
      ...(random.chance(0.8) ? { phone: phone(random) } : {}),
      ...(householdFlags.length ? { flags: householdFlags } : {}),
      ...(random.chance(0.1) ? { linkedCadre: random.pick(options.cadres) } : {}),
      ...(householdFlags.includes('危房户') ? { housingSafety: '危房' } : random.chance(0.6) ? { housingSafety: '安全' } : {}),
    }, options)
    const persons: Person[] = people.map((p) => {
      const id = random.id()
      const flags = residentFlagsFor(random, p, people.length)
      addRecord(doc, residentKind, id, {
        name: p.name,
        idNumber: newId(p.age, p.sex, origin?.[0] ?? LOCAL_REGION),
        householdId,
        relation: p.relation,
        ...(p.age >= 18 && random.chance(0.7) ? { phone: phone(random) } : {}),
        residenceType: migrant ? '流动' : random.chance(0.1) ? '常住' : '户籍',
        ...(flags.length ? { flags } : {}),
        ...(origin ? { origin: origin[1] } : {}),
        ...(stay ? { ...stay, permit: floatingPermit(id) } : {}),
      }, options)
      return { id, name: p.name, age: p.age, sex: p.sex, householdId, relation: p.relation, flags }
    })
    out.push({ id: householdId, no, head: people[0]!.name, flags: householdFlags, members: persons, address })
  }
  return out
}

function householdFlagsFor(random: Random, people: readonly { age: number }[]): string[] {
  const flags: string[] = []
  if (people.every((p) => p.age >= 60) && people.length <= 2) flags.push('独居空巢')
  if (random.chance(0.03)) flags.push('低保户')
  if (random.chance(0.01)) flags.push('特困户')
  if (random.chance(0.005)) flags.push('五保户')
  if (random.chance(0.03)) flags.push('困难户')
  if (random.chance(0.02)) flags.push('重点户')
  if (random.chance(0.01)) flags.push('脱贫不稳定户')
  if (random.chance(0.03)) flags.push('留守家庭')
  if (random.chance(0.03)) flags.push('出租户')
  if (random.chance(0.005)) flags.push('危房户')
  return flags
}

function residentFlagsFor(random: Random, p: { age: number; sex: string }, householdSize: number): string[] {
  const flags: string[] = []
  if (p.age >= 18 && random.chance(0.06)) flags.push('党员')
  if (p.age >= 30 && random.chance(0.02)) flags.push('村民代表')
  if (random.chance(0.02)) flags.push('残疾')
  if (p.sex === '男' && p.age >= 25 && random.chance(0.03)) flags.push('退役军人')
  if (p.age >= 18 && p.age <= 55 && random.chance(0.15)) flags.push('外出务工')
  if (p.age >= 65 && householdSize === 1) flags.push('独居老人')
  if (p.age >= 80) flags.push('高龄老人')
  return flags
}
