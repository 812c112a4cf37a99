/**
 * The URL carries every setting, the seed, the two variants, the current step and the model
 * version, so a link opens exactly that step. Parameter names are the CLI's flag names.
 * Decoding never throws: every parameter it cannot use is reported with the value and why,
 * and the rest of the link still applies.
 */
import {
  DEFAULT_SETTINGS,
  MODEL_VERSION,
  SETTING_PARAMS,
  VARIANT_IDS,
  isVariantId,
  loadName,
  parseIntegerText,
  settingFromText,
  showValue,
  validateSettings,
  type ParamKey,
  type SettingProblem,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';

type SettingKey = ParamKey;

/** URL parameter name of each setting: the model's table, shared with the CLI's flags. */
export const PARAMS: Record<SettingKey, string> = SETTING_PARAMS;

const KEY_OF_PARAM = new Map<string, SettingKey>(
  Object.entries(PARAMS).map(([k, p]) => [p, k as SettingKey]),
);

/** Parameters that are not settings. */
export const OTHER_PARAMS = ['mv', 'lanes', 'step', 'scenario', 'speed', 'align'] as const;

/** The lanes' merge orders a link may name (`align=`): the playback's AlignMode. */
export const ALIGN_VALUES = ['notification', 'time'] as const;
export type AlignValue = (typeof ALIGN_VALUES)[number];

export interface LinkState {
  settings: Omit<SimSettings, 'variant'>;
  lanes: [VariantId, VariantId];
  /** Merged position (events applied in both lanes). */
  step: number;
  /** Playback speed (a multiplier); left out of the link when not given. */
  speed?: number;
  /** The lanes' merge order; left out of the link when not given. */
  align?: AlignValue;
}

/** Something a link, an element or a file gave that could not be used, and why. */
export interface IgnoredParam {
  param: string;
  value: string;
  reason: string;
}

/**
 * Why a step (a link's or an element's `step`) or a position (a trace file's) cannot be used:
 * one message everywhere, naming the value (`shown`: as written, quoted) and the range. A
 * position is a safe integer (1e21 and 2^53 + 1 are numbers, but no position: the worker
 * refuses them).
 */
export function positionProblem(name: string, shown: string): string {
  return `${name} ${shown} is not allowed: use an integer from 0 to ${Number.MAX_SAFE_INTEGER}`;
}

/** A step or position past the end of its run: the view opens at the end, and says so. */
export function pastEndProblem(name: string, position: number, length: number): string {
  return `${name} ${position} is past the end of the run: use an integer from 0 to ${length} (the run's events); the view shows its end`;
}

/** A step as written (one number syntax, a safe integer from 0), or the reason it is not one. */
export function parseStep(raw: string, name = 'step'): number | string {
  const n = parseIntegerText(raw);
  return n !== null && n >= 0 ? n : positionProblem(name, showValue(raw));
}

export interface DecodedLink {
  /** Settings given by the link (valid ones only), over nothing: merge onto your defaults. */
  settings: Partial<Omit<SimSettings, 'variant'>>;
  lanes: [VariantId, VariantId] | null;
  step: number | null;
  scenario: string | null;
  /** `speed` as written (the playback checks it against its range); null when absent. */
  speed: string | null;
  align: AlignValue | null;
  /** Model version the link was made with; null when absent. */
  modelVersion: number | null;
  /** One entry per parameter that was ignored, with the reason. */
  ignored: IgnoredParam[];
}

function textOf(key: SettingKey, v: unknown): string {
  if (key === 'load') return loadName(v as number);
  if (key === 'reconnect') return v ? '1' : '0';
  return String(v);
}

/** Query string (without '?') for a link to exactly this state. Defaults are left out. */
export function encodeLink(state: LinkState): string {
  const q = new URLSearchParams();
  q.set('mv', String(MODEL_VERSION));
  q.set('lanes', state.lanes.join(','));
  for (const [key, param] of Object.entries(PARAMS) as [SettingKey, string][]) {
    const v = state.settings[key];
    if (key === 'seed' || v !== DEFAULT_SETTINGS[key]) q.set(param, textOf(key, v));
  }
  q.set('step', String(Math.max(0, Math.floor(state.step))));
  if (state.speed !== undefined) q.set('speed', String(state.speed));
  if (state.align !== undefined) q.set('align', state.align);
  return q.toString();
}

/** Reads a link's query string. Never throws; see `ignored` for what could not be used. */
export function decodeLink(query: string): DecodedLink {
  const q = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const out: DecodedLink = {
    settings: {},
    lanes: null,
    step: null,
    scenario: null,
    speed: null,
    align: null,
    modelVersion: null,
    ignored: [],
  };
  const ignore = (param: string, value: string, reason: string) =>
    out.ignored.push({ param, value, reason });
  const seen = new Set<string>();
  const given: Partial<Record<SettingKey, unknown>> = {};
  const rawOf = new Map<SettingKey, string>();
  for (const [param, value] of q) {
    if (seen.has(param)) {
      ignore(param, value, `${param} is given more than once: the first value is used`);
      continue;
    }
    seen.add(param);
    const key = KEY_OF_PARAM.get(param);
    if (key) {
      const read = settingFromText(key, value);
      if (read.ok) {
        given[key] = read.value;
        rawOf.set(key, value);
      } else ignore(param, value, read.problem.message);
      continue;
    }
    switch (param) {
      case 'mv': {
        const n = parseIntegerText(value);
        if (n !== null && n >= 1) out.modelVersion = n;
        else ignore(param, value, `model version ${showValue(value)} is not a positive integer`);
        break;
      }
      case 'lanes': {
        const ids = value.split(',').map((s) => s.trim());
        if (ids.length === 2 && ids.every(isVariantId)) out.lanes = ids as [VariantId, VariantId];
        else
          ignore(
            param,
            value,
            `lanes must be two variants separated by a comma, each one of ${VARIANT_IDS.join(', ')}`,
          );
        break;
      }
      case 'step': {
        const step = parseStep(value);
        if (typeof step === 'number') out.step = step;
        else ignore(param, value, step);
        break;
      }
      case 'scenario':
        out.scenario = value;
        break;
      case 'speed':
        out.speed = value;
        break;
      case 'align': {
        const a = value.trim();
        if ((ALIGN_VALUES as readonly string[]).includes(a)) out.align = a as AlignValue;
        else
          ignore(
            param,
            value,
            `align ${showValue(value)} is not allowed: use ${ALIGN_VALUES.join(' or ')}`,
          );
        break;
      }
      default:
        ignore(param, value, `unknown parameter ${showValue(param)}`);
    }
  }
  // Each setting against its range and the link's other values. A value that only clashes
  // with a setting the link does not give (max-clients 8 beside the default 1024 peers) is
  // the caller's to judge against its base (a scenario's 6 peers make it fine).
  const own = (p: SettingProblem, from: Partial<Record<SettingKey, unknown>>) =>
    p.against === undefined || Object.hasOwn(from, p.against);
  const usable: Partial<Record<SettingKey, unknown>> = {};
  const all = validateSettings({ ...given }).problems;
  for (const [key, v] of Object.entries(given) as [SettingKey, unknown][]) {
    const p = all.find((x) => x.key === key && own(x, given));
    if (p) ignore(PARAMS[key], rawOf.get(key) ?? String(v), p.message);
    else usable[key] = v;
  }
  const { problems } = validateSettings({ ...usable });
  for (const p of problems) {
    const key = p.key as SettingKey;
    if (Object.hasOwn(usable, key) && own(p, usable)) {
      ignore(PARAMS[key] ?? p.key, rawOf.get(key) ?? String(p.value), p.message);
      delete usable[key];
    }
  }
  out.settings = usable as DecodedLink['settings'];
  return out;
}
