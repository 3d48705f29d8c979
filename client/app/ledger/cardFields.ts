/**
 * On a phone a record is a card: its title, its status (kinds with a workflow), and the one or
 * two fields a cadre looks for in that kind of list — which household a visit was to, when an
 * incident happened and by when it must be done, whose special-population record it is.
 */
export const CARD_FIELDS: Record<string, readonly string[]> = {
  household: ['householdNo', 'address'],
  resident: ['idNumber', 'sex', 'age'],
  place: ['placeType', 'address'],
  thing: ['thingType', 'location'],
  organisation: ['orgType', 'contact'],
  visit: ['householdId', 'trigger'],
  environment: ['householdId', 'envStatus'],
  dispute: ['discoveredAt', 'parties'],
  incident: ['occurredAt', 'deadline'],
  specialPerson: ['residentId', 'controlStatus'],
  careRecord: ['residentId', 'enrolledAt'],
}
