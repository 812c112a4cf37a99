/**
 * The UI facts of one mounted app: the settings being edited, the lanes' variants, the preset,
 * theme and motion preferences, the event-log filter, which panels are open, and the latest
 * answer of the worker (the view shows it; the simulation itself lives in the worker).
 * One store per mounted app (see AppStoreProvider), so two apps can share a page.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Gauges, VariantId } from '../model/index.ts';
import type { LaneInit } from '../protocol/messages.ts';
import type { Marker, PairSnapshot, StationKey } from '../protocol/view.ts';
import {
  DEFAULT_DRAFT,
  DEFAULT_PRESET,
  DEFAULT_VARIANTS,
  laneInits,
  presetDraft,
  setField,
  type Draft,
  type DraftKey,
  type Lanes,
} from './settingsDraft.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** What the event log shows. */
export type LogFilter = 'all' | 'losses' | 'errors' | 'kernel' | 'libnl' | 'openvpn' | 'client';
export const LOG_FILTERS: readonly { value: LogFilter; label: string }[] = [
  { value: 'all', label: 'all events' },
  { value: 'losses', label: 'losses (swallowed, overwritten, wiped, dropped)' },
  { value: 'errors', label: 'errors and exits' },
  { value: 'kernel', label: 'kernel' },
  { value: 'libnl', label: 'libnl' },
  { value: 'openvpn', label: 'OpenVPN' },
  { value: 'client', label: 'clients' },
];

/**
 * The worker's latest answer, with what the view keeps across answers (the run's series,
 * markers and divergence). No earlier answer is kept: what the lanes show is a function of the
 * position alone (what a step changed comes from the step's own trace events).
 */
export interface Frame {
  snapshot: PairSnapshot | null;
  /** The chart's series: sent once per run, kept until the next init. */
  series: Gauges[][] | null;
  markers: Marker[];
  /** Merged position where the lanes first differ, once known. */
  divergence: number | null;
}

export const EMPTY_FRAME: Frame = {
  snapshot: null,
  series: null,
  markers: [],
  divergence: null,
};

export interface AppState {
  draft: Draft;
  variants: Lanes;
  /** The scenario the settings came from; null once the user changed them. */
  preset: string | null;
  /** Notes about the last settings change (what was clamped and why). */
  notes: string[];
  /** prefers-reduced-motion of the system, and the user's override (null: follow the system). */
  reducedMotionSystem: boolean;
  reducedMotionOverride: boolean | null;
  theme: ThemeChoice;
  logFilter: LogFilter;
  logLane: number;
  drawerOpen: boolean;
  keymapOpen: boolean;
  frame: Frame;
  /** Runs requested so far (the first one included): a new run starts from an empty frame. */
  runs: number;
  /** The station the page points at (the tour's chapter names it), highlighted on the stages. */
  focusStation: StationKey | null;

  setField<K extends DraftKey>(key: K, value: Draft[K]): void;
  applyPreset(name: string): void;
  setVariant(lane: 0 | 1, variant: VariantId): void;
  setReducedMotionSystem(on: boolean): void;
  setReducedMotionOverride(on: boolean | null): void;
  setTheme(theme: ThemeChoice): void;
  setLogFilter(filter: LogFilter): void;
  setLogLane(lane: number): void;
  setDrawerOpen(open: boolean): void;
  setKeymapOpen(open: boolean): void;
  setFocusStation(key: StationKey | null): void;
  receiveSnapshot(snapshot: PairSnapshot): void;
  /** Both runs are known: keeps the series, markers and divergence (not the position). */
  receiveCompletion(snapshot: PairSnapshot): void;
  /** A new run was requested: forgets the old run's frame. */
  startRun(): void;
}

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  preset?: string;
  /** The system's reduced-motion preference at start (the provider follows its changes). */
  reducedMotion?: boolean;
  theme?: ThemeChoice;
  /** Settings and lanes to open with (a link's), instead of the preset's. */
  initial?: { draft: Draft; variants: Lanes; preset: string | null };
}

export function createAppStore(options: AppStoreOptions = {}): AppStore {
  const start = presetDraft(options.preset ?? DEFAULT_PRESET);
  return createStore<AppState>()((set, get) => ({
    draft: options.initial?.draft ?? start?.draft ?? DEFAULT_DRAFT,
    variants: options.initial?.variants ?? start?.variants ?? DEFAULT_VARIANTS,
    preset: options.initial
      ? options.initial.preset
      : start
        ? (options.preset ?? DEFAULT_PRESET)
        : null,
    notes: [],
    reducedMotionSystem: options.reducedMotion ?? false,
    reducedMotionOverride: null,
    theme: options.theme ?? 'system',
    logFilter: 'all',
    logLane: 0,
    drawerOpen: false,
    keymapOpen: false,
    frame: EMPTY_FRAME,
    runs: 1,
    focusStation: null,

    setField: (key, value) => {
      const { draft, notes } = setField(get().draft, key, value);
      if (draft === get().draft) set({ notes });
      else set({ draft, notes, preset: null });
    },
    applyPreset: (name) => {
      const p = presetDraft(name);
      if (!p) {
        set({ notes: [`there is no preset named ${JSON.stringify(name)}.`] });
        return;
      }
      set({ draft: p.draft, variants: p.variants, preset: name, notes: [] });
    },
    setVariant: (lane, variant) => {
      const v: [VariantId, VariantId] = [...get().variants];
      v[lane] = variant;
      set({ variants: v });
    },
    setReducedMotionSystem: (on) => set({ reducedMotionSystem: on }),
    setReducedMotionOverride: (on) => set({ reducedMotionOverride: on }),
    setTheme: (theme) => set({ theme }),
    setLogFilter: (logFilter) => set({ logFilter }),
    setLogLane: (logLane) => set({ logLane }),
    setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
    setKeymapOpen: (keymapOpen) => set({ keymapOpen }),
    setFocusStation: (focusStation) => set({ focusStation }),
    receiveSnapshot: (snapshot) => {
      const f = get().frame;
      set({
        frame: {
          snapshot,
          series: snapshot.series ?? f.series,
          markers: snapshot.markers.length >= f.markers.length ? snapshot.markers : f.markers,
          divergence: snapshot.divergence ?? f.divergence,
        },
      });
    },
    receiveCompletion: (snapshot) => {
      const f = get().frame;
      set({
        frame: {
          ...f,
          series: snapshot.series ?? f.series,
          markers: snapshot.markers,
          divergence: snapshot.divergence,
        },
      });
    },
    startRun: () => set({ frame: EMPTY_FRAME, runs: get().runs + 1 }),
  }));
}

/** Reduced motion in effect: the user's choice, else the system's. */
export function selectReducedMotion(s: AppState): boolean {
  return s.reducedMotionOverride ?? s.reducedMotionSystem;
}

/** The two lanes the worker should run now. */
export function selectLaneInits(s: AppState): LaneInit[] {
  return laneInits(s.draft, s.variants);
}
