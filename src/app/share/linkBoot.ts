/**
 * What a page opens with: the settings, lanes and step of its link (the URL's query, or the
 * attributes of a <dcoscope-demo> element), over a base (a scenario, the model's defaults for a
 * generated link, or the default preset), plus everything that could not be used and why.
 * Pure: no DOM, never throws.
 */
import {
  MODEL_VERSION,
  SCENARIOS,
  parseNumberText,
  showValue,
  validateSettings,
} from '../../model/index.ts';
import {
  PARAMS,
  decodeLink,
  encodeLink,
  pastEndProblem,
  type IgnoredParam,
  type LinkState,
} from '../../formats/urlState.ts';
import { DEFAULT_ALIGN } from '../../machines/playbackMachine.ts';
import { DEFAULT_SPEED, parseSpeed } from '../../machines/speedScale.ts';
import type { AlignMode, MoveTarget } from '../../protocol/messages.ts';
import {
  DEFAULT_DRAFT,
  DEFAULT_PRESET,
  DEFAULT_VARIANTS,
  presetDraft,
  type Draft,
  type Lanes,
} from '../../store/settingsDraft.ts';

export type { IgnoredParam };

export interface LinkBoot {
  draft: Draft;
  variants: Lanes;
  /** The preset these settings are exactly, or null. */
  preset: string | null;
  /** Merged position to open at; null for the start. */
  step: number | null;
  /** `autoplay` (embeds only): start playing once loaded. */
  autoplay: boolean;
  /** `speed`: the playback speed (a multiplier of the teaching clock); null: the default. */
  speed: number | null;
  /** `align`: the lanes' merge order; null: the default (by notification). */
  align: AlignMode | null;
  ignored: IgnoredParam[];
  /**
   * Settings of the base (a scenario, the default preset) changed to fit the link's values,
   * each with what and why (`?scenario=lesson&peers=100` raises the lesson's max-clients).
   */
  adjusted: string[];
  /** The link's model version, when it is not this page's (null otherwise). */
  otherModelVersion: number | null;
}

export interface BootOptions {
  /** Extra parameters this page reads besides the link's (the embeds' `autoplay`). */
  autoplay?: boolean;
  /** Names to show instead of the link's parameter names (the element's `variants`). */
  rename?: Record<string, string>;
}

/** Equal as data, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (x: unknown): unknown =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x)
            .sort(([k], [l]) => (k < l ? -1 : 1))
            .map(([k, v]) => [k, canon(v)]),
        )
      : x;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/** The preset whose settings and lanes are exactly these, if any. */
export function presetOf(draft: Draft, variants: Lanes): string | null {
  for (const name of Object.keys(SCENARIOS)) {
    const p = presetDraft(name);
    if (p && sameJson(p.draft, draft) && sameJson(p.variants, variants)) return name;
  }
  return null;
}

function parseFlag(raw: string): boolean | null {
  const t = raw.trim().toLowerCase();
  if (t === '' || t === '1' || t === 'true' || t === 'yes' || t === 'autoplay') return true;
  if (t === '0' || t === 'false' || t === 'no') return false;
  return null;
}

/** Reads a query string (with or without '?'). */
export function bootFromQuery(query: string, options: BootOptions = {}): LinkBoot {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const ignored: IgnoredParam[] = [];
  let autoplay = false;
  if (options.autoplay) {
    const values = params.getAll('autoplay');
    params.delete('autoplay');
    values.forEach((v, i) => {
      const flag = parseFlag(v);
      if (i > 0) {
        ignored.push({ param: 'autoplay', value: v, reason: 'autoplay is given more than once' });
      } else if (flag === null) {
        ignored.push({
          param: 'autoplay',
          value: v,
          reason: `autoplay ${showValue(v)} is not allowed: use 1 or 0`,
        });
      } else autoplay = flag;
    });
  }
  const decoded = decodeLink(params.toString());
  ignored.push(...decoded.ignored);
  let speed: number | null = null;
  if (decoded.speed !== null) {
    // the multiplier in the one number syntax, with an optional x or × after it
    const parsed = parseSpeed(decoded.speed, (t) => parseNumberText(t) ?? Number.NaN);
    if (typeof parsed === 'number') speed = parsed;
    else ignored.push({ param: 'speed', value: decoded.speed, reason: parsed });
  }

  let scenario: string | null = null;
  if (decoded.scenario !== null) {
    if (Object.hasOwn(SCENARIOS, decoded.scenario)) scenario = decoded.scenario;
    else {
      ignored.push({
        param: 'scenario',
        value: decoded.scenario,
        reason: `there is no scenario named ${showValue(decoded.scenario)}: use one of ${Object.keys(SCENARIOS).join(', ')}`,
      });
    }
  }
  // A generated link leaves out the model's defaults: it applies over them. A hand-written one
  // (no `mv`) applies over its scenario, or the page's default preset.
  const base =
    scenario !== null
      ? presetDraft(scenario)!
      : decoded.modelVersion !== null
        ? { draft: DEFAULT_DRAFT, variants: DEFAULT_VARIANTS }
        : presetDraft(DEFAULT_PRESET)!;

  // Over the base, the combination must still be valid. A value of the link that clashes with
  // the base is dropped (and listed); a value of the base that clashes with the link's gives
  // way as the settings row's rules make it (max-clients raised to the link's peers, receive
  // CPUs lowered to its CPUs, ...), and says so: the link's value is never dropped silently.
  const given: Partial<Draft> = { ...decoded.settings };
  const fitted: Partial<Draft> = {};
  const adjusted: string[] = [];
  for (let round = 0; round < 8; round++) {
    const merged = { ...base.draft, ...fitted, ...given };
    const { settings, problems } = validateSettings(merged);
    if (problems.length === 0) break;
    const clash = problems.find((p) => Object.hasOwn(given, p.key));
    if (clash) {
      const key = clash.key as keyof Draft;
      const param = paramName(key);
      ignored.push({
        param,
        value: params.get(param) ?? String(clash.value),
        reason: clash.message,
      });
      delete given[key];
      continue;
    }
    for (const p of problems) {
      const key = p.key as keyof Draft;
      const to = (settings as Draft)[key];
      adjusted.push(
        `${paramName(key)} is ${showValue(to)} instead of ${showValue(merged[key])}, to fit the link: ${p.message}`,
      );
      (fitted as Record<string, unknown>)[key] = to;
    }
  }
  let draft: Draft = { ...base.draft, ...fitted, ...given };
  if (validateSettings(draft).problems.length > 0) draft = base.draft;
  const variants: Lanes = decoded.lanes ?? base.variants;
  const changed = Object.keys(given).length > 0 || decoded.lanes !== null;
  const preset = scenario !== null && !changed ? scenario : presetOf(draft, variants);

  const rename = options.rename ?? {};
  return {
    draft,
    variants,
    preset,
    step: decoded.step,
    autoplay,
    speed,
    // A generated link with a step but no order was made before the lanes could be aligned by
    // notification: its step counts in simulated-time order (links made now always say).
    align:
      decoded.align ??
      (decoded.modelVersion !== null && decoded.step !== null && decoded.step > 0 ? 'time' : null),
    ignored: ignored.map((x) => {
      // the param is the reader's text: an own-key lookup, or "__proto__" finds Object.prototype
      const to = Object.hasOwn(rename, x.param) ? rename[x.param] : undefined;
      return to ? { ...x, param: to, reason: x.reason.split(x.param).join(to) } : x;
    }),
    adjusted,
    otherModelVersion:
      decoded.modelVersion !== null && decoded.modelVersion !== MODEL_VERSION
        ? decoded.modelVersion
        : null,
  };
}

/** The URL parameter of a settings key (the CLI's flag name). */
function paramName(key: string): string {
  return Object.hasOwn(PARAMS, key) ? (PARAMS as Record<string, string>)[key]! : key;
}

/**
 * A step past the end of its run, as the ignored list shows it (the page, the iframe and the
 * element all open at the end, and say so with these words; a trace file's position too).
 */
export function stepPastEnd(step: number, length: number, param = 'step'): IgnoredParam {
  return { param, value: String(step), reason: pastEndProblem(param, step, length) };
}

/** Where a link's step opens the run: the machine's first target (none for the start). */
export function stepTarget(step: number | null): MoveTarget | undefined {
  return step !== null && step > 0 ? { kind: 'position', position: step } : undefined;
}

/** How a link's first run opens: its step, speed and alignment (see PlaybackProvider). */
export function bootStart(boot: LinkBoot | undefined): {
  target?: MoveTarget;
  speed: number | null;
  align: AlignMode | null;
} {
  const target = stepTarget(boot?.step ?? null);
  return { ...(target ? { target } : {}), speed: boot?.speed ?? null, align: boot?.align ?? null };
}

/**
 * How the link plays: the speed, written when not the default, and the merge order, written
 * whenever the link has a step (a position means a moment only in its order).
 */
export interface LinkPlayback {
  speed?: number;
  align?: AlignMode;
}

/** The query of a link to exactly this state (and its playback, where not the default). */
export function linkQuery(
  draft: Draft,
  variants: Lanes,
  step: number,
  playback: LinkPlayback = {},
): string {
  const state: LinkState = { settings: draft, lanes: [variants[0], variants[1]], step };
  if (playback.speed !== undefined && playback.speed !== DEFAULT_SPEED) {
    state.speed = playback.speed;
  }
  const align = playback.align ?? DEFAULT_ALIGN;
  if (step > 0 || align !== DEFAULT_ALIGN) state.align = align;
  return encodeLink(state);
}

/** The model version of a link made now. */
export const LINK_MODEL_VERSION = MODEL_VERSION;
