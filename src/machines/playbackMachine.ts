/**
 * Playback of the pair of lanes: which mode the player is in (loading, ready, playing, paused,
 * seeking, ended, error) and the playback facts (speed, position, length, error). The worker
 * owns the simulation: every move is a request to it, and its answer (a PairSnapshot) is
 * emitted as a `snapshot` event for the view; the machine keeps only where the pair stands.
 *
 * The machine is the only thing that moves the worker. A load may name where the new run opens
 * (`LOAD` with a `target`: a position, a simulated time or an event match), so links, tour
 * chapters and imports land in one request; a `SEEK` takes the same targets.
 *
 * One request is in flight at a time (the `io` actor). Commands that arrive while the worker is
 * busy are coalesced here, and only here, into one `pending` command (see `coalesce`): an
 * absolute move replaces a waiting move, steps of the same unit and direction add up, a load
 * replaces everything, and a seek after a waiting load becomes that load's target. Every
 * accepted command gets a number (`seq`); `done` is the number of the latest one answered, so
 * a caller can wait for its own command (or a newer one that replaced it) with `settledAfter`.
 *
 * While playing, a timer actor ticks; the elapsed time times the speed (a multiplier of the
 * worker's teaching clock) accrues as `owedMs`, milliseconds of 1× playback owed. Whenever the
 * worker is idle and the owed time covers the next step's cost (as the last paced answer named
 * it; unknown at first, so the first tick asks), the machine sends one paced step with the owed
 * time as its budget: the worker advances whole steps while their cost fits, and answers what
 * it spent (subtracted) and what the next step costs. So one request per frame at most, none
 * while a long wait or dwell accrues, and a slow worker lowers the frame rate, never queues
 * requests. During a step's wait the clock shown (`clockUs`) runs through the simulated gap
 * along the points the worker sent.
 *
 * The run's merge order (`align`: by notification, the default, or by simulated time) is a
 * fact of the load: a `LOAD` may name it, and later loads keep it.
 *
 * A failed request or a dead worker (`FATAL`) leaves the player in `error`. `RETRY` (the
 * error panel's "Try again") starts a fresh worker (`PlaybackDeps.restart`) and reloads the
 * same run (lanes, alignment) where it stood: at the merged position last shown, or, when the
 * run never landed, at the target its load asked for.
 */
import { assign, emit, enqueueActions, fromCallback, setup } from 'xstate';
import type { AlignMode, LaneInit, MoveTarget, PaceInfo } from '../protocol/messages.ts';
import type { PairSnapshot } from '../protocol/view.ts';
import {
  cleanTarget,
  coalesce,
  isAtEnd,
  isStart,
  MAX_ADVANCE,
  runCommand,
  type Command,
  type Direction,
  type JumpTarget,
  type PacedSnapshot,
  type PairClient,
  type StepUnit,
} from './pairClient.ts';
import { DEFAULT_SPEED, clampSpeed } from './speedScale.ts';

export { MAX_ADVANCE, coalesce };

/** Starts a periodic callback with the seconds elapsed since the last call; returns its stop. */
export type Ticker = (onTick: (dtSeconds: number) => void) => () => void;

/** Longest tick counted (a background tab's paused frames must not turn into a jump). */
export const MAX_TICK_S = 0.1;
/** Most time owed at once beyond the next step's cost, in seconds of playback. */
export const MAX_OWED_S = 0.25;
/** The merge order of a run when nobody names one. */
export const DEFAULT_ALIGN: AlignMode = 'notification';

/** What the machine talks to: injected, so tests drive it with a fake worker and clock. */
export interface PlaybackDeps {
  client: PairClient;
  ticker: Ticker;
  /** Terminates the worker and starts a fresh one (on RETRY); left out, RETRY only reloads. */
  restart?: () => void;
}

export interface PlaybackInput {
  lanes: LaneInit[];
  /** Where the first run opens (the start when left out). */
  target?: MoveTarget;
  speed?: number;
  align?: AlignMode;
  pauseOnLoss?: boolean;
}

/** The wait before the next step, for the clock to run through (from a paced answer). */
export interface PendingWait {
  fromUs: number;
  waitMs: number;
  clock: [number, number][];
}

/** A command with the number the machine gave it. */
export type Queued = Command & { seq: number };

export interface PlaybackContext {
  /** Multiplier of the teaching clock while playing (1 ≈ one notification read a second). */
  speed: number;
  /** The merge order of the run (notification-aligned or by simulated time). */
  align: AlignMode;
  /** While playing, pause right after a step that loses a notification. */
  pauseOnLoss: boolean;
  /** Merged position of the pair (both lanes' events in time order). */
  position: number;
  /** Merged length, once both runs are complete. */
  length: number | null;
  error: string | null;
  /** Milliseconds of 1× playback owed (spent by paced steps). */
  owedMs: number;
  /** Cost (ms at 1×) of the next step, as the last paced answer named it; null: unknown. */
  nextCostMs: number | null;
  /** The wait before the next step (null when unknown or none). */
  wait: PendingWait | null;
  /** The clock shown during a wait (simulated µs), or null: the lanes' own clocks. */
  clockUs: number | null;
  /** A request is out to the worker. */
  inFlight: boolean;
  /** The command waiting for the worker to finish the one in flight. */
  pending: Queued | null;
  /** The lanes of the latest load (the run shown, or the one about to be). */
  lanes: LaneInit[];
  /** Where the latest load opens (null: the start). */
  opening: MoveTarget | null;
  /** The latest load has landed: `position` is a place in its run. */
  loaded: boolean;
  /** Number of the latest command accepted. */
  seq: number;
  /** Number of the latest command answered (or failed); answers come in order. */
  done: number;
}

export type PlaybackEvent =
  | { type: 'LOAD'; lanes: LaneInit[]; target?: MoveTarget; align?: AlignMode }
  | { type: 'PLAY' }
  | { type: 'PAUSE' }
  | { type: 'STEP'; unit: StepUnit; direction: Direction }
  | { type: 'SEEK'; position: number }
  | { type: 'SEEK'; target: MoveTarget }
  | { type: 'JUMP'; to: JumpTarget }
  | { type: 'SET_SPEED'; speed: number }
  | { type: 'SET_PAUSE_ON_LOSS'; on: boolean }
  | { type: 'TICK'; dt: number }
  | { type: 'RESULT'; snapshot: PairSnapshot; seq: number }
  | { type: 'FAILED'; message: string; seq: number }
  /** The worker died outside any request. */
  | { type: 'FATAL'; message: string }
  /** From error: a fresh worker, the same run, the same place. */
  | { type: 'RETRY' }
  /** Both runs of the current init are complete (from `whenComplete`). */
  | { type: 'COMPLETE'; snapshot: PairSnapshot };

/**
 * `snapshot`: the pair moved (show it). `complete`: both runs are known (take the series,
 * markers and divergence from it; its position may already be out of date). `load`: a new run
 * was asked for (forget the old one's frame).
 */
export type PlaybackEmitted =
  | { type: 'snapshot'; snapshot: PairSnapshot }
  | { type: 'complete'; snapshot: PairSnapshot }
  | { type: 'load'; lanes: LaneInit[] };

type IoEvent = { type: 'REQUEST'; command: Queued };

/**
 * Runs each command it receives against the client; answers RESULT or FAILED. After an init it
 * also waits for both runs to complete (a passive wait, not a move) and answers COMPLETE, unless
 * a newer init came first.
 */
function ioActor(client: PairClient) {
  return fromCallback<IoEvent, void, PlaybackEvent>(({ receive, sendBack }) => {
    let live = true;
    let generation = 0;
    receive((ev) => {
      const isInit = ev.command.kind === 'init';
      if (isInit) generation++;
      const mine = generation;
      const { seq } = ev.command;
      runCommand(client, ev.command).then(
        (snapshot) => {
          if (!live) return;
          sendBack({ type: 'RESULT', snapshot, seq });
          if (!isInit) return;
          client.whenComplete().then(
            (done) => {
              if (live && mine === generation) sendBack({ type: 'COMPLETE', snapshot: done });
            },
            () => {
              // A newer init or a dead worker: the machine hears of the latter by itself.
            },
          );
        },
        (err: unknown) => {
          if (live) sendBack({ type: 'FAILED', message: errorText(err), seq });
        },
      );
    });
    return () => {
      live = false;
    };
  });
}

function tickerActor(ticker: Ticker) {
  return fromCallback<{ type: 'NONE' }, void, PlaybackEvent>(({ sendBack }) =>
    ticker((dt) => sendBack({ type: 'TICK', dt })),
  );
}

const noClient = () => Promise.reject(new Error('the playback machine has no client'));
const unconnected: PairClient = {
  init: noClient,
  step: noClient,
  paced: noClient,
  seek: noClient,
  jump: noClient,
  whenComplete: noClient,
};
const stopped: Ticker = () => () => {};

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The command a user event asks for (a load keeps the run's alignment unless it names one). */
function commandOf(ev: PlaybackEvent, align: AlignMode): Command | null {
  switch (ev.type) {
    case 'LOAD': {
      const target = ev.target === undefined ? undefined : cleanTarget(ev.target);
      const a = ev.align ?? align;
      return isStart(target)
        ? { kind: 'init', lanes: ev.lanes, align: a }
        : { kind: 'init', lanes: ev.lanes, target, align: a };
    }
    case 'STEP':
      return { kind: 'step', unit: ev.unit, direction: ev.direction };
    case 'SEEK':
      return {
        kind: 'seek',
        target: cleanTarget(
          'target' in ev ? ev.target : { kind: 'position', position: ev.position },
        ),
      };
    case 'JUMP':
      return { kind: 'jump', to: ev.to };
    default:
      return null;
  }
}

/** The owed ms after a tick of `dt` s: capped at the next step's cost plus MAX_OWED_S. */
function accrue(context: PlaybackContext, dt: number): number {
  const secs = Math.min(MAX_TICK_S, Math.max(0, Number.isFinite(dt) ? dt : 0));
  const cap = (context.nextCostMs ?? 0) + context.speed * MAX_OWED_S * 1000;
  // Rounded to µs of wall time: float dust must not make a step wait a frame longer.
  return Math.round(Math.min(context.owedMs + context.speed * secs * 1000, cap) * 1000) / 1000;
}

/** Where the clock stands `ms` into a wait (linear between the worker's points). */
export function clockInWait(wait: PendingWait, ms: number): number {
  const pts = wait.clock;
  if (pts.length === 0) return wait.fromUs;
  let k = 1;
  while (k < pts.length && pts[k]![0] < ms) k++;
  if (k >= pts.length) return wait.fromUs + pts[pts.length - 1]![1];
  const [m0, u0] = pts[k - 1]!;
  const [m1, u1] = pts[k]!;
  const f = m1 > m0 ? Math.min(1, Math.max(0, (ms - m0) / (m1 - m0))) : 1;
  return wait.fromUs + u0 + f * (u1 - u0);
}

/** The wait before the next step of a paced answer, when there is one worth showing. */
function waitOf(pace: PaceInfo | undefined): PendingWait | null {
  const n = pace?.next;
  if (!n || n.waitMs <= 0 || n.toUs <= n.fromUs) return null;
  return { fromUs: n.fromUs, waitMs: n.waitMs, clock: n.clock };
}

/** What a player at rest (loaded, or paused) does with each command. */
const AT_REST = {
  PLAY: { guard: 'notAtEnd', target: 'playing' },
  STEP: { guard: 'canStep', target: 'seeking', actions: 'dispatch' },
  SEEK: { target: 'seeking', actions: 'dispatch' },
  JUMP: { target: 'seeking', actions: 'dispatch' },
  LOAD: { target: 'loading', actions: 'defer' },
} as const;

export const playbackMachine = setup({
  types: {
    context: {} as PlaybackContext,
    events: {} as PlaybackEvent,
    input: {} as PlaybackInput,
    emitted: {} as PlaybackEmitted,
  },
  actors: { io: ioActor(unconnected), ticker: tickerActor(stopped) },
  guards: {
    resultAtEnd: ({ event }) => event.type === 'RESULT' && isAtEnd(event.snapshot),
    /** A paced step that stopped on a loss because the player asked to pause there. */
    stoppedAtLoss: ({ event }) =>
      event.type === 'RESULT' && (event.snapshot as PacedSnapshot).pace?.stoppedAtLoss === true,
    resultAtStart: ({ event }) => event.type === 'RESULT' && event.snapshot.pair.position === 0,
    hasPending: ({ context }) => context.pending !== null,
    pendingIsInit: ({ context }) => context.pending?.kind === 'init',
    /** The owed time covers the next step (or its cost is unknown and some time is owed). */
    owesStep: ({ context }) =>
      context.nextCostMs === null ? context.owedMs > 0 : context.owedMs >= context.nextCostMs,
    notAtEnd: ({ context }) => context.length === null || context.position < context.length,
    /** Stepping forward needs somewhere to go; stepping back needs a place to come from. */
    canStep: ({ context, event }) =>
      event.type === 'STEP' &&
      (event.direction < 0
        ? context.position > 0
        : context.length === null || context.position < context.length),
  },
  actions: {
    /** Sends the command of the current event to the idle worker. */
    dispatch: enqueueActions(({ context, event, enqueue }) => {
      const command = commandOf(event, context.align);
      if (!command) return;
      const seq = context.seq + 1;
      enqueue.sendTo('io', { type: 'REQUEST', command: { ...command, seq } } satisfies IoEvent);
      enqueue.assign({ inFlight: true, seq });
    }),
    /** Keeps the command of the current event until the worker is idle (see `coalesce`). */
    defer: enqueueActions(({ context, event, enqueue }) => {
      const command = commandOf(event, context.align);
      if (!command) return;
      const seq = context.seq + 1;
      const pending = { ...coalesce(context.pending, command), seq };
      enqueue.assign({ pending, seq });
      if (pending.kind === 'init')
        enqueue.assign({ opening: pending.target ?? null, loaded: false });
      if (command.kind === 'init') {
        enqueue.assign({ lanes: command.lanes, align: command.align ?? context.align });
        enqueue(emit({ type: 'load', lanes: command.lanes }));
      }
    }),
    /** Sends the waiting command, if any, once the worker is idle. */
    dispatchPending: enqueueActions(({ context, enqueue }) => {
      if (!context.pending || context.inFlight) return;
      enqueue.sendTo('io', { type: 'REQUEST', command: context.pending } satisfies IoEvent);
      enqueue.assign({ pending: null, inFlight: true });
    }),
    /** The same run again where it stood (after a failure); not a new run: no `load`. */
    retry: assign(({ context }) => {
      const seq = context.seq + 1;
      const target: MoveTarget | null = context.loaded
        ? context.position > 0
          ? { kind: 'position', position: context.position }
          : null
        : context.opening;
      const init: Queued = target
        ? { kind: 'init', lanes: context.lanes, target, align: context.align, seq }
        : { kind: 'init', lanes: context.lanes, align: context.align, seq };
      return { pending: init, seq, opening: target, loaded: false, error: null };
    }),
    /** Replaced by createPlaybackMachine with the deps' `restart`. */
    restartWorker: () => {},
    settle: assign({
      inFlight: false,
      done: ({ context, event }) =>
        event.type === 'RESULT' || event.type === 'FAILED' ? event.seq : context.done,
    }),
    /** Spends the owed time on a paced step (the worker advances as far as it covers). */
    advance: enqueueActions(({ context, enqueue }) => {
      const seq = context.seq + 1;
      const command: Queued = context.pauseOnLoss
        ? { kind: 'paced', budgetMs: context.owedMs, stopAtLoss: true, seq }
        : { kind: 'paced', budgetMs: context.owedMs, seq };
      enqueue.sendTo('io', { type: 'REQUEST', command } satisfies IoEvent);
      enqueue.assign({ inFlight: true, seq });
    }),
    accrue: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'TICK') return;
      const owedMs = accrue(context, event.dt);
      const w = context.wait;
      enqueue.assign({
        owedMs,
        clockUs: w && !context.inFlight ? clockInWait(w, Math.min(owedMs, w.waitMs)) : null,
      });
    }),
    /** Takes what a paced answer spent off the owed time, and learns the next step's cost. */
    spend: assign(({ context, event }) => {
      if (event.type !== 'RESULT') return {};
      const pace = (event.snapshot as PacedSnapshot).pace;
      if (!pace) return { nextCostMs: null, wait: null, clockUs: null };
      return {
        owedMs: Math.max(0, context.owedMs - pace.spentMs),
        nextCostMs: pace.next ? pace.next.costMs : null,
        wait: waitOf(pace),
        clockUs: null,
      };
    }),
    resetOwed: assign({ owedMs: 0, nextCostMs: null, wait: null, clockUs: null }),
    apply: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'RESULT') return;
      const { pace: _pace, ...snapshot } = event.snapshot as PacedSnapshot;
      const { pair } = snapshot;
      enqueue.assign({ position: pair.position, length: pair.length, error: null, loaded: true });
      enqueue(emit({ type: 'snapshot', snapshot }));
    }),
    fail: assign({
      error: ({ event }) =>
        event.type === 'FAILED' || event.type === 'FATAL' ? event.message : 'unknown failure',
      inFlight: false,
      pending: null,
      owedMs: 0,
      nextCostMs: null,
      wait: null,
      clockUs: null,
      // Whatever was asked for is over: nobody should wait for it any longer.
      done: ({ context }) => context.seq,
    }),
    complete: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'COMPLETE') return;
      enqueue.assign({ length: event.snapshot.pair.length });
      enqueue(emit({ type: 'complete', snapshot: event.snapshot }));
    }),
    setSpeed: assign({
      speed: ({ event, context }) =>
        event.type === 'SET_SPEED' ? clampSpeed(event.speed) : context.speed,
    }),
  },
}).createMachine({
  id: 'playback',
  context: ({ input }) => ({
    speed: clampSpeed(input.speed ?? DEFAULT_SPEED),
    align: input.align ?? DEFAULT_ALIGN,
    pauseOnLoss: input.pauseOnLoss ?? false,
    position: 0,
    length: null,
    error: null,
    owedMs: 0,
    nextCostMs: null,
    wait: null,
    clockUs: null,
    inFlight: false,
    pending: {
      ...(commandOf(
        {
          type: 'LOAD',
          lanes: input.lanes,
          ...(input.target ? { target: input.target } : {}),
        },
        input.align ?? DEFAULT_ALIGN,
      ) as Command),
      seq: 1,
    },
    lanes: input.lanes,
    opening: input.target && !isStart(input.target) ? cleanTarget(input.target) : null,
    loaded: false,
    seq: 1,
    done: 0,
  }),
  invoke: { id: 'io', src: 'io' },
  on: {
    SET_SPEED: { actions: 'setSpeed' },
    SET_PAUSE_ON_LOSS: {
      actions: assign({
        pauseOnLoss: ({ event, context }) =>
          event.type === 'SET_PAUSE_ON_LOSS' ? event.on : context.pauseOnLoss,
      }),
    },
    FATAL: { target: '.error', actions: 'fail' },
    COMPLETE: { actions: 'complete' },
  },
  initial: 'loading',
  states: {
    /** An init is in flight, or waits for the request in flight to come back. */
    loading: {
      entry: 'dispatchPending',
      on: {
        RESULT: [
          // A newer init is waiting: this answer is already out of date.
          { guard: 'pendingIsInit', target: 'loading', reenter: true, actions: 'settle' },
          // A move asked for while loading: show the new run, then make the move.
          {
            guard: 'hasPending',
            target: 'seeking',
            actions: ['settle', 'apply', 'dispatchPending'],
          },
          { guard: 'resultAtEnd', target: 'ended', actions: ['settle', 'apply'] },
          { guard: 'resultAtStart', target: 'ready', actions: ['settle', 'apply'] },
          // Opened at a target: a paused player there.
          { target: 'paused', actions: ['settle', 'apply'] },
        ],
        FAILED: [
          { guard: 'pendingIsInit', target: 'loading', reenter: true, actions: 'settle' },
          { target: 'error', actions: 'fail' },
        ],
        LOAD: { actions: 'defer' },
        // Folded into the waiting load as its target, or made once the load has landed.
        SEEK: { actions: 'defer' },
      },
    },
    /** Loaded at the start, not played yet. */
    ready: { on: AT_REST },
    playing: {
      invoke: { src: 'ticker' },
      exit: 'resetOwed',
      initial: 'waiting',
      states: {
        /** The worker is idle: the first tick that owes a whole event sends a request. */
        waiting: {
          always: { guard: 'owesStep', target: 'advancing', actions: 'advance' },
          on: {
            TICK: { actions: 'accrue' },
            PAUSE: { target: '#playback.paused' },
            STEP: { guard: 'canStep', target: '#playback.seeking', actions: 'dispatch' },
            SEEK: { target: '#playback.seeking', actions: 'dispatch' },
            JUMP: { target: '#playback.seeking', actions: 'dispatch' },
            LOAD: { target: '#playback.loading', actions: 'defer' },
          },
        },
        /** A forward seek is in flight; ticks keep accruing. */
        advancing: {
          on: {
            TICK: { actions: 'accrue' },
            RESULT: [
              {
                guard: 'resultAtEnd',
                target: '#playback.ended',
                actions: ['settle', 'spend', 'apply'],
              },
              {
                guard: 'stoppedAtLoss',
                target: '#playback.paused',
                actions: ['settle', 'spend', 'apply'],
              },
              { target: 'waiting', actions: ['settle', 'spend', 'apply'] },
            ],
            FAILED: { target: '#playback.error', actions: 'fail' },
            // Pausing waits in `seeking` for the answer, so the view shows where the worker is.
            PAUSE: { target: '#playback.seeking' },
            STEP: { guard: 'canStep', target: '#playback.seeking', actions: 'defer' },
            SEEK: { target: '#playback.seeking', actions: 'defer' },
            JUMP: { target: '#playback.seeking', actions: 'defer' },
            LOAD: { target: '#playback.loading', actions: 'defer' },
          },
        },
      },
    },
    paused: { on: AT_REST },
    /** A step, seek or jump is in flight (or the last forward seek of a pause). */
    seeking: {
      on: {
        RESULT: [
          { guard: 'pendingIsInit', target: 'loading', actions: 'settle' },
          { guard: 'hasPending', actions: ['settle', 'apply', 'dispatchPending'] },
          { guard: 'resultAtEnd', target: 'ended', actions: ['settle', 'apply'] },
          { target: 'paused', actions: ['settle', 'apply'] },
        ],
        FAILED: { target: 'error', actions: 'fail' },
        STEP: { actions: 'defer' },
        SEEK: { actions: 'defer' },
        JUMP: { actions: 'defer' },
        LOAD: { target: 'loading', actions: 'defer' },
      },
    },
    /** At the end of both runs. */
    ended: {
      on: {
        STEP: { guard: 'canStep', target: 'seeking', actions: 'dispatch' },
        SEEK: { target: 'seeking', actions: 'dispatch' },
        JUMP: { target: 'seeking', actions: 'dispatch' },
        LOAD: { target: 'loading', actions: 'defer' },
      },
    },
    /**
     * Failed. RETRY reloads the run where it stood on a fresh worker; a new load works too
     * (the client starts a fresh worker for an init when the old one died).
     */
    error: {
      on: {
        LOAD: { target: 'loading', actions: 'defer' },
        RETRY: { target: 'loading', actions: ['restartWorker', 'retry'] },
      },
    },
  },
});

export type PlaybackMachine = typeof playbackMachine;

/** The machine wired to a worker client and a clock. */
export function createPlaybackMachine(deps: PlaybackDeps): PlaybackMachine {
  const restart = deps.restart;
  return playbackMachine.provide({
    actors: { io: ioActor(deps.client), ticker: tickerActor(deps.ticker) },
    ...(restart ? { actions: { restartWorker: () => restart() } } : {}),
  });
}

/** What `settledAfter` needs of a machine snapshot. */
interface Settling {
  matches(v: 'playing'): boolean;
  value: unknown;
  context: Pick<PlaybackContext, 'done' | 'inFlight' | 'pending'>;
}

/**
 * True once the command numbered `seq` (or a newer one that replaced it) was answered and the
 * player rests with nothing in flight or waiting: what a caller that sent a command waits for.
 */
export function settledAfter(s: Settling, seq: number): boolean {
  const m = playbackMode(s);
  const resting = m === 'ready' || m === 'paused' || m === 'ended' || m === 'error';
  return resting && s.context.done >= seq && !s.context.inFlight && s.context.pending === null;
}

/** The mode names the view shows ('playing' for both of its substates). */
export type PlaybackMode =
  'loading' | 'ready' | 'playing' | 'paused' | 'seeking' | 'ended' | 'error';

/** The mode of a machine snapshot. */
export function playbackMode(s: { matches(v: 'playing'): boolean; value: unknown }): PlaybackMode {
  return s.matches('playing') ? 'playing' : (s.value as PlaybackMode);
}
