/**
 * The whole simulation state: plain, serializable data (no functions, no class instances, no
 * Maps), so it can be checkpointed with a JSON round trip, posted to a worker or hashed.
 */
import type { KernelFlavour, SimSettings } from './settings.ts';
import type { Variant } from './variants.ts';
import type { RngState } from './rng.ts';

/** DEL_PEER reasons (ovpn-dco OVPN_DEL_PEER_REASON_*). */
export type DelReason = 'EXPIRED' | 'USERSPACE';

/** The VALID callback libnl calls for a parsed message; null when a request passed NULL. */
export type CallbackName = 'ovpn_handle_msg' | 'dco_parse_peer_multi' | 'dco_parse_peer' | null;

export type RequestCmd =
  'GET_PEER_DUMP' | 'GET_PEER' | 'NEW_PEER' | 'NEW_KEY' | 'SET_PEER' | 'DEL_PEER';

/** Errors the kernel answers requests with (NLMSG_ERROR). */
export type ReplyErrno = 'EBUSY' | 'ENOENT' | 'ENOBUFS';

/** One datagram waiting in the netlink socket's receive queue. */
export type Datagram =
  | { id: number; kind: 'del'; truesize: number; peer: number; reason: DelReason; atUs: number }
  | {
      id: number;
      kind: 'dump';
      truesize: number;
      req: number;
      entries: number;
      first: number;
      atUs: number;
    }
  | { id: number; kind: 'done'; truesize: number; req: number; atUs: number }
  | { id: number; kind: 'ack'; truesize: number; req: number; atUs: number }
  | {
      id: number;
      kind: 'error';
      truesize: number;
      req: number;
      errno: ReplyErrno;
      atUs: number;
    }
  | { id: number; kind: 'reply'; truesize: number; req: number; peer: number; atUs: number };

export type DatagramKind = Datagram['kind'];

export interface KernelPeer {
  /** Client behind this peer. */
  client: number;
  /** When the keepalive timer fires; NEVER while traffic keeps resetting it or once it fired. */
  deadlineUs: number;
}

/** One peer deletion on its way to a DEL_PEER notification. */
export interface DeleteWork {
  peer: number;
  reason: DelReason;
  /** The CPU whose workqueue runs it (ovpn-dco), or -1 (mainline's scan). */
  cpu: number;
}

/** ovpn-dco's delete work on one CPU: its part of the per-CPU workqueue and its kworkers. */
export interface CpuWork {
  /** Work items not started yet (FIFO from head). */
  queue: DeleteWork[];
  head: number;
  /** A kworker is on its way to start the next item (a k_work event is scheduled). */
  starting: boolean;
  /** Items started and not finished (asleep in synchronize_rcu or waking to notify). */
  active: number;
  /** kworkers this CPU's pool has made (idle ones are kept for 300 s: longer than any run). */
  workers: number;
  /** Items whose grace period ended, waiting for their kworker to run (FIFO from head). */
  released: DeleteWork[];
  releasedHead: number;
  /** A k_send event is scheduled for this CPU. */
  sending: boolean;
  /** CPU hogs on this CPU. */
  hogs: number;
}

/** RCU grace periods as synchronize_rcu sees them. */
export interface RcuState {
  /**
   * A grace period was asked for and the RCU kthread has not started it yet: waiters that come
   * until then join it. NEVER otherwise.
   */
  gpStartUs: number;
  /** End of the grace period in progress; NEVER when none is. */
  gpEndUs: number;
  /** Waiters released when the current grace period ends. */
  current: DeleteWork[];
  /** Waiters that called during the current grace period: released at the end of the next. */
  next: DeleteWork[];
  /** Grace periods completed. */
  completed: number;
}

export interface KernelState {
  flavour: KernelFlavour;
  /** Peer table by peer id; null = no peer (ovpn-dco unhashes a peer when its timer fires). */
  peers: (KernelPeer | null)[];
  peerCount: number;
  /** Mainline: notifications the scan still has to send (FIFO from notifyHead). */
  notifyQ: DeleteWork[];
  notifyHead: number;
  notifierBusy: boolean;
  /** Phase of the mainline keepalive work within its 1 s period. */
  scanPhaseUs: number;
  /**
   * The kernel's own random stream (kworker and RCU kthread waits, grace-period lengths): apart
   * from userspace's, so lanes running different OpenVPN code see the same kernel storm.
   */
  rng: RngState;
  /** ovpn-dco: the CPU each peer's timer lives on (its flow's receive CPU), by peer id. */
  cpuOf: number[];
  /** ovpn-dco: the delete work of each CPU. */
  cpus: CpuWork[];
  rcu: RcuState;
  /** This run's median grace period (the setting times a log-normal run factor), µs. */
  gpMedianUs: number;
  /** This run's phase of the timer wheel's granule grid (jiffies started elsewhere), µs. */
  gridPhaseUs: number;
  /** The timer wheel's granule for the keepalive timeout, µs. */
  granuleUs: number;
  /** How long a hog keeps a CPU (EEVDF slice enforced at the tick), µs. */
  sliceUs: number;
  /** CPU hogs in all (the setting, or the load's preset). */
  hogs: number;
}

export interface DumpCursor {
  req: number;
  /** Entries already put into parts. */
  sent: number;
  /** Whether every entry is out and only NLMSG_DONE is left. */
  entriesDone: boolean;
}

export interface SocketState {
  queue: Datagram[];
  head: number;
  rmem: number;
  rcvbuf: number;
  congested: boolean;
  /** Pending socket error reported by the next recvmsg (sk_err). */
  error: 'ENOBUFS' | null;
  dump: DumpCursor | null;
  nextDatagramId: number;
}

/** The single slot of dco_context_t and the fields around it. */
export interface DcoState {
  slotType: 'DEL_PEER' | null;
  slotPeer: number;
  slotReason: DelReason | null;
  /** Datagram that last wrote the slot. */
  slotDatagram: number;
  /** True once multi_process_incoming_dco took the slot's message (it can no longer be lost). */
  slotConsumed: boolean;
  /** dco->status: 1 while a request waits, 0 when done, negative errno on error. */
  status: number;
  validCb: CallbackName;
  locked: boolean;
  nextRequestId: number;
}

export type InstanceState = 'half-open' | 'connected';

export interface Instance {
  id: number;
  client: number;
  state: InstanceState;
  /** The kernel deleted this instance's peer. */
  kernelGone: boolean;
  /** Its DEL_PEER was lost: this instance is a ghost until TLS reaps it. */
  ghost: boolean;
  createdUs: number;
  /** When its first TLS key was made (renegotiated every reneg-sec from then). */
  keyUs: number;
  /** When TLS reaps it, once it is a ghost; NEVER before. */
  reapAtUs: number;
}

export interface MultiState {
  /** Instances by peer id (m->instances), length maxClients. */
  instances: (Instance | null)[];
  /** Entries in m->hash: half-open + connected + ghosts. */
  hashCount: number;
  /** Lowest peer id that may be free (multi_assign_peer_id scans from the bottom). */
  freeHint: number;
  /** Instances whose TLS reap is due, waiting for the event loop's timers. */
  reapDue: number[];
  statusDue: boolean;
}

export type ClientPhase = 'connected' | 'down' | 'waiting' | 'attempting' | 'handshaking';

export interface Client {
  phase: ClientPhase;
  /** Peer id of the instance serving it, or -1. */
  inst: number;
  failures: number;
  /** Bumped on every attempt so stale timeouts are ignored. */
  gen: number;
}

/** Userspace call frames: the C call stack made explicit so it can be stepped and saved. */
export type Frame =
  | { f: 'loop_pass'; pc: number; dcoReady: boolean; udpReady: boolean }
  | { f: 'multi_process_incoming_dco'; pc: number; viaCallback: boolean }
  | { f: 'dco_do_read'; pc: number }
  | { f: 'ovpn_nl_recvmsgs'; pc: number; prefix: string; ret: number }
  | { f: 'recvmsgs'; pc: number; multipart: boolean; depth: number; dg: number }
  | {
      f: 'multi_close_instance';
      pc: number;
      inst: number;
      why: 'del_peer' | 'tls_reap';
      connected: boolean;
    }
  | {
      f: 'ovpn_nl_msg_send';
      pc: number;
      cmd: RequestCmd;
      cb: CallbackName;
      req: number;
      peer: number;
      caller: string;
      spins: number;
    }
  | { f: 'multi_print_status'; pc: number }
  | { f: 'multi_create_instance'; pc: number; client: number; gen: number }
  | { f: 'connection_established'; pc: number; client: number; inst: number };

export type UdpPacket = { client: number; gen: number; kind: 'initial' | 'established' };

export interface LoopState {
  /** 'idle': waiting in epoll; 'woken': a wake event is scheduled; 'running': frames execute. */
  phase: 'idle' | 'woken' | 'running';
  stack: Frame[];
  /** Return value of the frame that just returned. */
  ret: number;
  udpQ: UdpPacket[];
  udpHead: number;
  /** CPU time used since the process last waited for the CPU. */
  cpuUs: number;
  /**
   * The userspace thread's one pending event (a wake or its next action), kept out of the
   * heap because there is never more than one; ordered with the heap by the same (t, s).
   */
  next: SimEvent | null;
}

export interface Counters {
  emitted: number;
  queued: number;
  dropped: number;
  processed: number;
  swallowed: number;
  swallowedExpired: number;
  /** Swallowed DEL_PEERs by the callback that dropped them ('none' = NULL callback). */
  swallowedBy: Record<'dco_parse_peer_multi' | 'dco_parse_peer' | 'none', number>;
  overwritten: number;
  wiped: number;
  /** DEL notifications taken from the queue and held in the slot, not yet processed or lost. */
  inSlot: number;
  /** Reads of notifications, dump parts and replies, by the VALID callback in effect. */
  readsBy: Record<'ovpn_handle_msg' | 'dco_parse_peer_multi' | 'dco_parse_peer' | 'none', number>;
  ghosts: number;
  peakGhosts: number;
  ghostsCreated: number;
  nleAgain: number;
  nleBusy: number;
  nleNomem: number;
  nleObjNotFound: number;
  maxReadDepth: number;
  statsSkippedLocked: number;
  reconnectAttempts: number;
  refused: number;
  reconnected: number;
  reapedByTls: number;
  requests: number;
  droppedReplies: number;
  /**
   * Dump parts netlink_dump found no room for: at dump start answered with an ENOBUFS error,
   * after a read reported as sk_err = ENOBUFS. Either way OpenVPN then reads -NLE_NOMEM.
   */
  dumpPartsRefused: number;
  /** When the first DEL_PEER was emitted, -1 before. */
  firstEmitUs: number;
  /** When the last DEL_PEER left the socket queue (read or dropped), -1 before. */
  lastDelOutUs: number;
}

export interface SimState {
  settings: SimSettings;
  variant: Variant;
  nowUs: number;
  untilUs: number;
  seq: number;
  /** Event queue: a binary heap ordered by (t, seq); the userspace thread's event is loop.next. */
  events: SimEvent[];
  rng: RngState;
  firewallBlocked: boolean;
  kernel: KernelState;
  sock: SocketState;
  dco: DcoState;
  multi: MultiState;
  clients: Client[];
  loop: LoopState;
  counters: Counters;
  exited: { atUs: number; reason: string } | null;
  /** Number of trace events emitted so far (the step index of the next one). */
  traceCount: number;
  /** Running hash of the trace: murmur3 rounds over each event's fields (trace.ts). */
  traceHash: number;
  finished: boolean;
  /** The run was stopped by the event budget (budget.ts), not by its end or an exit. */
  budgetCut: boolean;
}

/** What callers schedule: the kind of event and the fields it uses. */
export type SimEventBody =
  | { k: 'fw_block' }
  | { k: 'fw_unblock' }
  | { k: 'k_expire'; at: number; peers: number[] }
  /** A peer expired by hand (the `expire` setting). */
  | { k: 'k_hand'; peers: number[] }
  | { k: 'k_emit'; peers: number[] }
  | { k: 'k_notify' }
  /** ovpn-dco: a kworker on CPU c starts the next delete work item. */
  | { k: 'k_work'; c: number }
  /** The RCU kthread starts the grace period asked for. */
  | { k: 'k_gp_start' }
  /** The RCU grace period in progress ends. */
  | { k: 'k_gp_end' }
  /** ovpn-dco: a kworker on CPU c whose grace period ended sends its DEL_PEER. */
  | { k: 'k_send'; c: number }
  | { k: 'c_restart'; c: number }
  | { k: 'c_attempt'; c: number; gen: number }
  | { k: 'c_timeout'; c: number; gen: number }
  | { k: 'c_handshake'; c: number; gen: number }
  | { k: 'wake' }
  | { k: 'us' }
  | { k: 'reap'; inst: number; at: number }
  | { k: 'status' }
  | { k: 'end' };

export type SimEventKind = SimEventBody['k'];

/**
 * A scheduled event as the queue holds it: data only, ordered by (t, s). Every kind has the
 * same fields (unused ones -1 or null) so that every event object has one hidden class: the
 * heap compares and the dispatcher reads them tens of thousands of times per run, and mixed
 * shapes would make each of those accesses megamorphic.
 */
export interface SimEvent {
  t: number;
  /** Sequence number: unique and increasing, it breaks ties in t. */
  s: number;
  k: SimEventKind;
  /** The client (c_*), the CPU (k_work, k_send), or -1. */
  c: number;
  /** The client's attempt generation (c_attempt, c_timeout, c_handshake), or -1. */
  gen: number;
  /** The instance (reap), or -1. */
  inst: number;
  /** k_expire: the deadline; reap: the instance's creation time; or -1. */
  at: number;
  /** k_expire: the peers whose keepalive expires; or null. */
  peers: number[] | null;
}
