/**
 * The model's public API. Everything outside src/model imports from here only.
 */
export type {
  SimSettings,
  KernelFlavour,
  SettingProblem,
  NumericRange,
  NumericKey,
  ParamKey,
  LoadName,
  HandExpiry,
  SettingText,
} from './settings.ts';
export {
  DEFAULT_SETTINGS,
  LOAD_LEVELS,
  SETTING_RANGES,
  SETTING_PARAMS,
  KERNEL_FLAVOURS,
  validateSettings,
  resolveSettings,
  parseLoad,
  loadName,
  describeRange,
  parseExpire,
  formatExpire,
  EXPIRE_ALLOWED,
  EMIT_ALLOWED,
  MAX_EMITS,
  parseEmit,
  MAX_EXPIRE_S,
  LOAD_ALLOWED,
  settingFromText,
  MAX_HAND_EXPIRIES,
  HZ_VALUES,
  HOGS_PER_CPU_AT_SATURATION,
  effectiveHogs,
  effectiveGranuleUs,
} from './settings.ts';
export {
  NUMBER_SYNTAX,
  parseNumberText,
  parseIntegerText,
  numberTextProblem,
  showValue,
} from './numberText.ts';
export type { WorkStage } from './kernel.ts';
export { forEachPendingWork, pendingDeletions } from './kernel.ts';
export type { Variant, VariantId } from './variants.ts';
export { VARIANTS, VARIANT_IDS, isVariantId } from './variants.ts';
export type { Scenario } from './scenarios.ts';
export { SCENARIOS, SCENARIO_NAMES, scenarioSettings } from './scenarios.ts';
export type {
  SimState,
  Datagram,
  Instance,
  Frame,
  CallbackName,
  DelReason,
  DeleteWork,
} from './state.ts';
export type { TraceEvent, TraceWhat, Outcome, Actor } from './trace.ts';
export { LOSS_OUTCOMES, OUTCOMES, TRACE_WHATS, isLoss } from './trace.ts';
export type { RunSummary, SweepCount } from './summary.ts';
export { summarize, SWEEP_COUNTS } from './summary.ts';
export { createSim, step, stepUntilTrace } from './sim.ts';
export type { Gauges } from './run.ts';
export { runToEnd, gaugesOf } from './run.ts';
export type { SeedSweep, CountStats } from './sweep.ts';
export { sweepSeeds, aggregate, stats } from './sweep.ts';
export { narrate } from './narrate.ts';
export type { SecondsOptions } from './format.ts';
export { US_PER_S, formatCount, formatSeconds } from './format.ts';
export { Timeline } from './timeline.ts';
export { BUDGET_LIMIT_TEXT, CHECKPOINT_BYTES, MAX_RUN_EVENTS, budgetStopText } from './budget.ts';
export { PROGRESS_EVERY } from './run.ts';
export { MODEL_VERSION } from './version.ts';
export { upstreamUrl, fnSource } from './upstream.ts';
export type { WireField, WireMessage, WireFamily, WireContext, WireRequest } from './wire.ts';
export {
  FAMILY_NAMES,
  WIRE_FAMILY_IDS,
  WIRE_PORT_ID,
  WIRE_IFINDEX,
  wireContext,
  encodeDatagram,
  encodeRequest,
} from './wire.ts';
export type { RequestCmd, ReplyErrno } from './state.ts';
export type { CapturedMessage, CaptureResult } from './capture.ts';
export { captureRun } from './capture.ts';
