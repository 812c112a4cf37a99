/**
 * What the UI draws: one LaneView per variant lane at the current position, derived in the
 * worker from the simulation state. Plain data, structured-clone safe; typed arrays for the
 * per-peer tables so 10,000 peers cost 10 kB, not 10,000 objects.
 */
import type {
  CallbackName,
  DelReason,
  Gauges,
  RunSummary,
  TraceEvent,
  VariantId,
} from '../model/index.ts';

/** Kernel peer table cell, by peer id. */
export const PEER = { none: 0, alive: 1, armed: 2, deleting: 3 } as const;
/** multi_context instance cell, by peer id. */
export const INST = { free: 0, halfOpen: 1, connected: 2, closing: 3, ghost: 4 } as const;

export interface QueuedDatagram {
  id: number;
  kind: 'del' | 'dump' | 'done' | 'ack' | 'error' | 'reply';
  truesize: number;
  /** DEL_PEER: its peer; reply: the peer asked for. */
  peer?: number;
  reason?: DelReason;
  /** Dump part: entries, and the index of its first entry in the dump. */
  entries?: number;
  first?: number;
  /** Error: errno name. */
  errno?: string;
  /** Request id the reply answers. */
  req?: number;
}

export interface ReaderFrame {
  /** The C function of this frame, named as in the variant's code base. */
  fn: string;
  /** Read nesting depth, for recvmsgs frames. */
  depth?: number;
  /** Request command, for ovpn_nl_msg_send frames. */
  cmd?: string;
}

/** How a DEL_PEER notification was lost (the model's loss outcomes). */
export type LossOutcome = 'overwritten' | 'wiped' | 'swallowed' | 'dropped';

/** A lost DEL_PEER notification: its datagram, its peer and how it was lost. */
export interface LostNotification {
  /** Datagram id (the token's identity on the stage). */
  dg: number;
  peer: number;
  outcome: LossOutcome;
  /** Index of the loss event in the lane's trace. */
  i: number;
  /** Swallowed: the VALID callback that swallowed it (null: none installed). */
  cb?: CallbackName;
}

/** Most recent losses a LaneView carries. */
export const MAX_LOST_VIEW = 64;

/** One CPU's delete work (ovpn-dco). */
export interface KernelCpuView {
  cpu: number;
  /** CPU hogs on it. */
  hogs: number;
  /** Items waiting for a kworker to start them. */
  queued: number;
  /** Items asleep in synchronize_rcu. */
  grace: number;
  /** Items whose grace period ended, waiting for the CPU to send their DEL_PEER. */
  released: number;
  /** kworkers its pool has made. */
  workers: number;
}

export interface LaneView {
  lane: number;
  variant: VariantId;
  /** Trace events applied in this lane. */
  position: number;
  /** Total trace events of this lane's run, once known. */
  length: number | null;
  finished: boolean;
  nowUs: number;
  summary: RunSummary;
  gauges: Gauges;
  kernel: {
    flavour: 'ovpn-dco' | 'mainline';
    peerCount: number;
    /** Per peer id (length = max(peers, maxClients)): PEER.* */
    peers: Uint8Array;
    /** Peers deleted whose notification the kernel has not sent yet. */
    notifyPending: number;
    /**
     * ovpn-dco's delete work per CPU, for the CPUs that receive the clients' flows (their
     * timers live there) and any other CPU with work: empty on mainline.
     */
    cpus: KernelCpuView[];
    /** CPUs in all, hogs in all, receive CPUs (the rig). */
    cpuCount: number;
    hogs: number;
    rxCpus: number;
    /** RCU grace periods: null when none is in progress. */
    gp: {
      /** When the grace period in progress ends (simulated µs). */
      endsUs: number;
      /** Deletions released when it ends. */
      current: number;
      /** Deletions that came during it: they wait for the next one. */
      next: number;
    } | null;
    /** Grace periods completed so far, and this run's median length (µs). */
    gpCompleted: number;
    gpMedianUs: number;
  };
  socket: {
    rmem: number;
    rcvbuf: number;
    congested: boolean;
    error: string | null;
    dumpRunning: boolean;
    /** Datagrams queued in all. */
    total: number;
    /** Head first; at most MAX_QUEUE_VIEW entries. */
    queue: QueuedDatagram[];
  };
  reader: {
    validCb: CallbackName;
    locked: boolean;
    /** dco->status: 1 waiting, 0 done, negative errno. */
    status: number;
    /** Userspace call stack, outermost first (empty while the loop sleeps in epoll). */
    stack: ReaderFrame[];
    depth: number;
    loopPhase: 'idle' | 'woken' | 'running';
    /** The request waiting for its answer (innermost ovpn_nl_msg_send), or null. */
    request: { req: number; cmd: string; cb: CallbackName; peer: number } | null;
    /** The datagram the innermost read holds now (a multipart dump part), or null. */
    reading: number | null;
  };
  slot: {
    type: 'DEL_PEER' | null;
    peer: number;
    reason: DelReason | null;
    /** True once multi_process_incoming_dco took the message. */
    consumed: boolean;
    datagram: number;
  };
  multi: {
    maxClients: number;
    hashCount: number;
    /** Per peer id: INST.* */
    instances: Uint8Array;
  };
  /** The trace events of the step that led to this position (to highlight and animate). */
  events: TraceEvent[];
  /** Lost notifications up to this position: the most recent MAX_LOST_VIEW, oldest first. */
  lost: {
    recent: LostNotification[];
    total: number;
    byOutcome: Record<LossOutcome, number>;
  };
  /** The CPU load setting, 0 (idle) to 1 (stress): slower processing, longer gaps. */
  load: number;
  exited: { atUs: number; reason: string } | null;
}

export const MAX_QUEUE_VIEW = 600;

/** `budget`: the lane's run was stopped by the event budget (its last event). */
export type MarkerKind = 'first-loss' | 'first-refusal' | 'exit' | 'divergence' | 'budget';

export interface Marker {
  kind: MarkerKind;
  lane: number;
  /**
   * Merged position (both lanes' events in time order) right after the step holding the marked
   * event: `seek(position)` shows the event in `LaneView.events` of lane `lane`.
   */
  position: number;
  t: number;
  label: string;
  /** Index of the marked event in lane `lane`'s trace (TraceEvent.i), e.g. for getTrace. */
  event?: number;
}

/** The pair of lanes at one merged position. */
export interface PairView {
  /** Events applied in both lanes together, in merged time order. */
  position: number;
  /** Total merged events, once both runs are complete. */
  length: number | null;
  lanes: LaneView[];
  /**
   * The pair's moment in its merge order (µs): the latest applied event's time, or its aligned
   * key when aligned by notification (lane A's clock). A `time` target at it lands here again.
   */
  momentUs?: number;
}

/** What the worker sends after every move of the pair. */
export interface PairSnapshot {
  pair: PairView;
  /** Markers known so far (all of them once both runs are complete). */
  markers: Marker[];
  /** Merged position of the first event where the two lanes' traces differ; null if none yet. */
  divergence: number | null;
  /**
   * Gauges over the whole run per lane (downsampled, time ascending), for the chart. Sent with
   * the first snapshot after a run completes; absent otherwise (the UI keeps the last one).
   */
  series?: Gauges[][];
}

/**
 * The stations of a lane's stage, left to right: the pipeline a DEL_PEER notification travels
 * from the kernel to OpenVPN's instance table (src/views/stage/stations.ts names them). The tour
 * and the detail panels point at a station by its key.
 */
export type StationKey = 'kernel' | 'socket' | 'reader' | 'slot' | 'multi';
