/**
 * The six steps of 四议两公开 (DOMAIN.md §3.3, the nationally known procedure):
 *   1 党支部会提议  2 两委会商议  3 党员大会审议  4 村民代表会议(或村民会议)决议  5 决议公开  6 实施结果公开
 * They run strictly in this order. Where one person is both branch secretary and committee
 * director (一肩挑), a village may merge steps 1 and 2 into one joint meeting; that is an explicit
 * option on the record (`mergedProposal`), never inferred.
 */
export const STEP_KINDS = ['propose', 'consult', 'review', 'resolve', 'publish_resolution', 'publish_result'] as const
export type StepKind = (typeof STEP_KINDS)[number]

export const MEETING_STEPS = ['propose', 'consult', 'review', 'resolve'] as const
export type MeetingStep = (typeof MEETING_STEPS)[number]
export const NOTICE_STEPS = ['publish_resolution', 'publish_result'] as const
export type NoticeStep = (typeof NOTICE_STEPS)[number]

export const STEP_LABELS: Record<StepKind, string> = {
  propose: '党支部会提议',
  consult: '两委会商议',
  review: '党员大会审议',
  resolve: '村民代表会议（或村民会议）决议',
  publish_resolution: '决议公开',
  publish_result: '实施结果公开',
}

/** The steps a record goes through: with 一肩挑 merging, 两委会商议 also stands for the proposal. */
export function stepsInOrder(mergedProposal: boolean): StepKind[] {
  return mergedProposal ? STEP_KINDS.filter((s) => s !== 'propose') : [...STEP_KINDS]
}

export function isMeetingStep(step: StepKind): step is MeetingStep {
  return (MEETING_STEPS as readonly string[]).includes(step)
}

/** Which assembly decides at step 4. */
export const ASSEMBLIES = ['representatives', 'villagers'] as const
export type Assembly = (typeof ASSEMBLIES)[number]
export const ASSEMBLY_LABELS: Record<Assembly, string> = { representatives: '村民代表会议', villagers: '村民会议' }
