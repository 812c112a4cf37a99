/**
 * The settings the user is editing, and the rules that keep them runnable: every change goes
 * through the model's validateSettings, and the combinations it would refuse (batch above the
 * peer count) or that make no sense on screen (max-clients below the peer count, unblock
 * before block) are clamped, with a note saying what was changed. Pure functions, no React.
 */
import {
  DEFAULT_SETTINGS,
  LOAD_LEVELS,
  SCENARIOS,
  SETTING_RANGES,
  formatCount,
  parseIntegerText,
  settingFromText,
  showValue,
  validateSettings,
  type LoadName,
  type SimSettings,
  type VariantId,
} from '../model/index.ts';
import type { LaneInit } from '../protocol/messages.ts';

/** Everything but the variant, which is chosen per lane. */
export type Draft = Omit<SimSettings, 'variant'>;
export type DraftKey = keyof Draft;
export type Lanes = readonly [VariantId, VariantId];

/** The first screen: the overwrite story (2.7 before the fix vs 2.7) in the lesson's six peers. */
export const DEFAULT_PRESET = 'overwrite';
export const DEFAULT_VARIANTS: Lanes = ['2.6.14', '2.6.20'];

export interface DraftChange {
  draft: Draft;
  /** What was adjusted to keep the settings runnable, for a visible note. */
  notes: string[];
}

function withoutVariant(s: SimSettings): Draft {
  const rest: Partial<SimSettings> = { ...s };
  delete rest.variant;
  return rest as Draft;
}

export const DEFAULT_DRAFT: Draft = withoutVariant(DEFAULT_SETTINGS);

/** The settings of a scenario over the defaults, and its two lanes. */
export function presetDraft(name: string): { draft: Draft; variants: Lanes } | null {
  const sc = Object.hasOwn(SCENARIOS, name) ? SCENARIOS[name] : undefined;
  if (!sc) return null;
  const { settings } = validateSettings(sc.settings);
  return { draft: withoutVariant(settings), variants: sc.lanes };
}

/** Applies the cross-field rules after `changed` was set; returns the notes. */
function enforce(d: Draft, changed: DraftKey): string[] {
  const notes: string[] = [];
  if (d.maxClients < d.peers) {
    if (changed === 'maxClients') {
      notes.push(
        `max-clients ${formatCount(d.maxClients)} is below the peer count: raised to ${formatCount(d.peers)}.`,
      );
    } else {
      notes.push(
        `max-clients raised to ${formatCount(d.peers)} to keep a slot for every peer (it was ${formatCount(d.maxClients)}).`,
      );
    }
    d.maxClients = d.peers;
  }
  if (typeof d.batch === 'number' && d.batch > d.peers) {
    notes.push(
      `batch size ${formatCount(d.batch)} is above the peer count: clamped to ${formatCount(d.peers)}.`,
    );
    d.batch = d.peers;
  }
  if (d.unblockAtS >= 0 && d.unblockAtS < d.blockAtS) {
    notes.push(
      `the firewall cannot open (${d.unblockAtS} s) before it blocks (${d.blockAtS} s): it now never opens.`,
    );
    d.unblockAtS = -1;
  }
  return notes;
}

function clampToRange(key: DraftKey, value: number): number {
  const r = (SETTING_RANGES as Record<string, (typeof SETTING_RANGES)['peers'] | undefined>)[key];
  if (!r) return value;
  const v = Math.min(r.max, Math.max(r.min, value));
  return r.integer ? Math.round(v) : v;
}

/**
 * Sets one field. A value out of its range is clamped into it (with a note); a value of the
 * wrong kind is refused (the draft is returned unchanged, with the model's message as note).
 */
export function setField<K extends DraftKey>(draft: Draft, key: K, value: Draft[K]): DraftChange {
  const notes: string[] = [];
  let v: unknown = value;
  if (typeof v === 'number' && key !== 'batch') {
    if (!Number.isFinite(v)) {
      return { draft, notes: [`${String(key)}: ${String(v)} is not a number.`] };
    }
    const c = clampToRange(key, v);
    if (c !== v) {
      const label = (SETTING_RANGES as Record<string, { label: string } | undefined>)[key]?.label;
      notes.push(`${label ?? key} ${String(v)} is out of range: set to ${c}.`);
      v = c;
    }
  }
  if (key === 'batch' && typeof v === 'number') {
    const c = Math.max(1, Math.round(v));
    if (c !== v) notes.push(`batch size must be a whole number from 1: set to ${c}.`);
    v = c;
  }
  const next = { ...draft, [key]: v } as Draft;
  const rules = enforce(next, key);
  const { problems } = validateSettings(next);
  if (problems.length > 0) return { draft, notes: problems.map((p) => p.message) };
  return { draft: next, notes: [...notes, ...rules] };
}

/** A numeric setting of the draft (the fields a form types). */
export type NumberKey = {
  [K in DraftKey]: Draft[K] extends number ? K : never;
}[DraftKey];

/**
 * A number typed into a settings field, read in the model's one number syntax (as links and
 * the CLI read it), or the message naming the text and what the field takes. The range is
 * setField's to enforce (it clamps, with a note).
 */
export function numberFromText(
  key: NumberKey,
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const read = settingFromText(key, text);
  if (!read.ok) return { ok: false, message: read.problem.message };
  return { ok: true, value: read.value as number };
}

/** A peer typed into the hand-expiry form: a whole number from 0 to peers - 1, or why not. */
export function peerFromText(
  text: string,
  peers: number,
): { ok: true; peer: number } | { ok: false; message: string } {
  const n = parseIntegerText(text);
  if (n !== null && n >= 0 && n < peers) return { ok: true, peer: n };
  return {
    ok: false,
    message: `peer ${showValue(text)} is not allowed: use a whole number from 0 to ${peers - 1}`,
  };
}

/** The load levels in order, for a slider over their names. */
export const LOAD_NAMES = Object.keys(LOAD_LEVELS) as LoadName[];

/** The index of the level nearest to a load value. */
export function loadIndex(load: number): number {
  let best = 0;
  LOAD_NAMES.forEach((name, i) => {
    if (Math.abs(LOAD_LEVELS[name] - load) < Math.abs(LOAD_LEVELS[LOAD_NAMES[best]!] - load)) {
      best = i;
    }
  });
  return best;
}

/**
 * The peer slider: 1 to 10,000 on a log-ish scale of "nice" counts (1, 2, 3, 4, 5, 6, 8, 10,
 * 12, 16, ... 1024 ... 10,000), so both the six-peer lesson and the 10,000-peer storm are a
 * few key presses apart. Exact values (1024, 1500) are kept as their own stops.
 */
export const PEER_STOPS: readonly number[] = (() => {
  const stops = new Set<number>([1024, 1500, 240, 512]);
  for (let decade = 1; decade <= 1000; decade *= 10) {
    for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) stops.add(Math.round(m * decade));
  }
  stops.add(10_000);
  return [...stops].filter((n) => n >= 1 && n <= 10_000).sort((a, b) => a - b);
})();

/** Index of the stop nearest to `peers` (ties go to the lower stop). */
export function peerStopIndex(peers: number): number {
  let best = 0;
  PEER_STOPS.forEach((s, i) => {
    if (Math.abs(s - peers) < Math.abs(PEER_STOPS[best]! - peers)) best = i;
  });
  return best;
}

/** The lanes the worker runs: the same settings and seed, one variant each. */
export function laneInits(draft: Draft, variants: Lanes): LaneInit[] {
  return variants.map((variant) => ({ settings: { ...draft, variant } }));
}
