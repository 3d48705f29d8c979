/**
 * Builds one demo village in memory: its meta doc (profile and grids) and, per grid, the ledger
 * and sensitive docs, all from a seeded random source (ids and Yjs client ids too), so the same
 * plan, seed and `today` give byte-identical docs. bench/ calls this without the CLI.
 */
import * as Y from 'yjs'
import { gridsMap, profileMap } from '../../shared/metaDoc.js'
import { addDisputes, addIncidents, addVisits, monthsBefore, type GridStaff } from './events.js'
import { givenName, surname } from './names.js'
import { addHouseholds, idFactory } from './people.js'
import { addEnvironmentChecks } from './environment.js'
import { addPatrols } from './patrols.js'
import type { GridPlan, VillagePlan } from './plan.js'
import { createRandom, seedFrom, type Random } from './random.js'
import type { RecordContext } from './records.js'
import { addSensitive } from './sensitive.js'
import { addSites } from './sites.js'
import { linkTenants } from './tenants.js'

export type GridCounts = { households: number; residents: number; visits: number; patrols: number; environment: number; disputes: number; incidents: number; sites: number; sensitive: number }
export type GeneratedGrid = { id: string; name: string; code: string; ledger: Y.Doc; sensitive: Y.Doc; counts: GridCounts; workers: string[] }
export type GeneratedVillage = { id: string; name: string; meta: Y.Doc; grids: GeneratedGrid[] }
export type GenerateOptions = { seed: number; today: string; township: string }

export function generateVillage(plan: VillagePlan, options: GenerateOptions): GeneratedVillage {
  const random = createRandom(options.seed ^ seedFrom(plan.name))
  const id = random.id()
  const meta = newDoc(random)
  const leaders = [person(random), person(random)]
  const grids = plan.grids.map((grid) => ({ plan: grid, id: random.id() }))
  meta.transact(() => {
    const profile = profileMap(meta)
    profile.set('name', plan.name)
    profile.set('township', options.township)
    profile.set('address', `${options.township}${plan.name}村委会`)
    profile.set('phone', `0512-5${String(random.int(0, 9_999_999)).padStart(7, '0')}`)
    for (const grid of grids) {
      const map = new Y.Map<string>()
      map.set('name', grid.plan.name)
      map.set('code', grid.plan.code)
      gridsMap(meta).set(grid.id, map)
    }
  })
  const newIdNumber = idFactory(random, options.today, plan.index)
  return {
    id,
    name: plan.name,
    meta,
    grids: grids.map((grid) => generateGrid(random, grid.id, grid.plan, plan.name, leaders, newIdNumber, options)),
  }
}

function generateGrid(random: Random, id: string, plan: GridPlan, villageName: string, leaders: string[], newIdNumber: ReturnType<typeof idFactory>, options: GenerateOptions): GeneratedGrid {
  const ledger = newDoc(random)
  const sensitive = newDoc(random)
  const workers = [person(random), person(random), person(random)]
  const staff: GridStaff = { workers, leaders }
  const context: RecordContext = { today: options.today, at: `${options.today}T01:00:00.000Z`, actor: { id: 'seed', name: workers[0]! } }
  let counts: GridCounts = { households: 0, residents: 0, visits: 0, patrols: 0, environment: 0, disputes: 0, incidents: 0, sites: 0, sensitive: 0 }
  ledger.transact(() => {
    const households = addHouseholds(ledger, random, newIdNumber, { gridCode: plan.code, villageName, households: plan.households, today: options.today, at: context.at, cadres: leaders })
    counts = {
      households: households.length,
      residents: households.reduce((n, h) => n + h.members.length, 0),
      visits: addVisits(ledger, random, context, households, staff, plan.visitGapMonthsAgo === undefined ? undefined : monthsBefore(options.today, plan.visitGapMonthsAgo)),
      disputes: addDisputes(ledger, random, context, households, staff, { count: plan.disputes, backlog: plan.backlog, ...(plan.jointWith ? { jointWith: plan.jointWith } : {}) }),
      incidents: addIncidents(ledger, random, context, households, staff, plan.incidents),
      sites: addSites(ledger, random, context, households, staff, villageName),
      // Last, each from a random source of its own, so adding them left the rest of the demo as it was.
      patrols: addPatrols(ledger, seedFrom(`patrols:${id}`), context, workers, villageName),
      environment: addEnvironmentChecks(ledger, seedFrom(`environment:${id}`), context, households, [...workers, ...leaders]),
      sensitive: 0,
    }
    linkTenants(ledger, seedFrom(`tenants:${id}`), id)
    sensitive.transact(() => {
      counts.sensitive = addSensitive(sensitive, random, context, households, staff, { special: plan.special, care: plan.care })
    })
  })
  return { id, name: plan.name, code: plan.code, ledger, sensitive, counts, workers }
}

function newDoc(random: Random): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = random.int(1, 2 ** 31 - 1)
  return doc
}

function person(random: Random): string {
  const sex = random.chance(0.7) ? '男' : '女'
  return surname(random) + givenName(random, sex)
}
