/** The Chinese label of a workflow fact's action (受理, 办结, 调处…), for any kind with a workflow. */
import type { KindDef } from './kind.js'
import { DISPUTE_ACTIONS } from './workflows/dispute.js'
import { HAZARD_ACTIONS } from './workflows/hazard.js'
import { INCIDENT_ACTIONS } from './workflows/incident.js'

const WORKFLOW_ACTIONS: Record<NonNullable<KindDef['workflow']>, Record<string, { label: string }>> = { incident: INCIDENT_ACTIONS, dispute: DISPUTE_ACTIONS, hazard: HAZARD_ACTIONS }

/** The action's label, or the action itself for one this version does not know. */
export function actionLabel(def: KindDef, action: string): string {
  return (def.workflow && WORKFLOW_ACTIONS[def.workflow][action]?.label) ?? action
}
