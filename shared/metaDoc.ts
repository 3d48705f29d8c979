/**
 * Layout of the `<villageId>/meta` document. The profile is a Y.Map of plain fields so two
 * cadres editing different fields both win.
 */
import type * as Y from 'yjs'

export const META = {
  profile: 'profile',
} as const

export const PROFILE_FIELDS = ['name', 'township', 'address', 'phone', 'note'] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]

export const PROFILE_LABELS: Record<ProfileField, string> = {
  name: '村名',
  township: '所属乡镇',
  address: '村委会地址',
  phone: '村委会电话',
  note: '备注',
}

export function profileMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(META.profile)
}
