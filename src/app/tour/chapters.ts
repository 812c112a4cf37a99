/**
 * The guided tour: chapters that drive the visualizer. Each chapter is data: settings, the two
 * lanes, where to stop (a trace event the model produces, found by a predicate), and the
 * words. Content only; the tour panel reads it and the tests check every target exists.
 */
import type { Outcome, SimSettings, TraceWhat, VariantId } from '../../model/index.ts';
import { SCENARIOS } from '../../model/index.ts';
import type { StationKey } from '../../protocol/view.ts';

/** Where a chapter stops: just after the nth (1-based) matching event of a lane. */
export interface TourTarget {
  lane: 0 | 1;
  what: TraceWhat;
  outcome?: Outcome;
  nth?: number;
}

/** What a claim reads from a lane's view at the chapter's position (tourClaims.test.ts). */
export type ClaimWhat =
  | 'queuedDel'
  | 'emitted'
  | 'processed'
  | 'swallowed'
  | 'overwritten'
  | 'ghosts'
  | 'armed'
  | 'connected'
  | 'refused'
  | 'dropped'
  | 'exited'
  | 'callback'
  | 'slotPeer'
  | 'slotWaiting'
  | 'statsSkipped'
  | 'nleBusy';

/** A fact the chapter's words state about one lane at its position: checked by a test. */
export interface Claim {
  lane: 0 | 1;
  what: ClaimWhat;
  equals: number | string | boolean;
}

export interface Chapter {
  id: string;
  title: string;
  /** Paragraphs, plain text. */
  text: string[];
  /** What to look at once there. */
  lookAt: string;
  /** The stage station the words talk about: highlighted, and scrolled into view. */
  station: StationKey;
  /** Every fact the words state about the view there (and every count they write). */
  claims: Claim[];
  settings: Partial<Omit<SimSettings, 'variant'>>;
  lanes: [VariantId, VariantId];
  target: TourTarget | 'start';
}

const lesson = SCENARIOS.lesson!.settings;

export const CHAPTERS: Chapter[] = [
  {
    id: 'setup',
    title: 'The setup',
    text: [
      'A server runs OpenVPN with data-channel offload: the kernel module holds one peer per client (the kernel peer table), OpenVPN holds one instance per peer in multi_context, and the two talk over a generic netlink socket.',
      'Six clients are connected. At 5 s a firewall starts dropping their traffic. Nothing visible happens yet: the kernel only notices a missing client when its keepalive timeout (120 s) expires.',
    ],
    lookAt:
      'The kernel station of the left lane: its 6 peers now have their keepalive timers armed (amber in the kernel peer grid), while multi_context still counts every client as connected. The right lane arms its timers one step later.',
    station: 'kernel',
    claims: [
      { lane: 0, what: 'armed', equals: 6 },
      { lane: 0, what: 'connected', equals: 6 },
      { lane: 1, what: 'armed', equals: 0 },
    ],
    settings: { ...lesson },
    lanes: ['2.7-prefix', '2.7'],
    target: { lane: 0, what: 'fw_block' },
  },
  {
    id: 'one-read',
    title: 'One read, one notification',
    text: [
      'When a peer expires the kernel deletes it and multicasts a DEL_PEER notification to the "peers" group. It waits in the netlink socket until OpenVPN\u2019s event loop sees the socket readable.',
      'One recvmsg returns one datagram, and a DEL_PEER is a datagram of its own. With a single notification every version does the right thing: ovpn_handle_msg parses it into dco_context_t, multi_process_incoming_dco takes it from there, and the instance is closed.',
    ],
    lookAt:
      'The libnl reader: the VALID callback is ovpn_handle_msg; the slot in dco_context_t has just been taken.',
    station: 'reader',
    claims: [
      { lane: 0, what: 'callback', equals: 'ovpn_handle_msg' },
      { lane: 0, what: 'processed', equals: 1 },
      { lane: 0, what: 'queuedDel', equals: 0 },
    ],
    settings: { ...lesson, batch: 1 },
    lanes: ['2.7-prefix', '2.7'],
    target: { lane: 0, what: 'slot_take' },
  },
  {
    id: 'batch',
    title: 'A batch',
    text: [
      'The kernel checks keepalives in batches: mainline ovpn scans its peers once a second and notifies each expired one inside the scan, so clients that went silent close together expire together, and their notifications are sent microseconds apart. (ovpn-dco, under 2.6, rounds each timer up to the timer wheel\u2019s granule and makes every deletion wait out an RCU grace period first: its notifications leave in clusters, one per grace period.)',
      'By the time OpenVPN has handled the first, the others are waiting in the queue, back to back.',
    ],
    lookAt:
      'The socket queue: 5 DEL_PEER blocks wait in the left lane, back to back; OpenVPN woke for the first of the 6 and has just processed it. The right lane\u2019s kernel, on its own scan phase, has sent 5, of which 4 still wait.',
    station: 'socket',
    claims: [
      { lane: 0, what: 'queuedDel', equals: 5 },
      { lane: 0, what: 'emitted', equals: 6 },
      { lane: 0, what: 'processed', equals: 1 },
      { lane: 1, what: 'emitted', equals: 5 },
      { lane: 1, what: 'queuedDel', equals: 4 },
    ],
    settings: { ...lesson },
    lanes: ['2.7-prefix', '2.7'],
    target: { lane: 0, what: 'k_notify', nth: 6 },
  },
  {
    id: 'overwritten-slot',
    title: '2.7\u2019s overwritten slot',
    text: [
      'Before the fix, 2.7 made ovpn_handle_msg the one permanent callback (#793), so notifications read inside request loops are parsed by the right function. But ovpn_handle_msg only writes them into single fields of dco_context_t: dco_message_type, dco_message_peer_id, dco_del_peer_reason.',
      'Each DEL_PEER read during the stats dump overwrites the previous one, and when processing returns, multi_process_incoming_dco resets the slot, wiping the last (#900).',
    ],
    lookAt:
      'dco_context_t: 2 DEL_PEERs overwritten so far, each struck out as the next one landed; the one for peer 3 waits in the slot, unprocessed.',
    station: 'slot',
    claims: [
      { lane: 0, what: 'overwritten', equals: 2 },
      { lane: 0, what: 'ghosts', equals: 2 },
      { lane: 0, what: 'slotWaiting', equals: true },
      { lane: 0, what: 'slotPeer', equals: 3 },
      { lane: 1, what: 'overwritten', equals: 0 },
    ],
    settings: { ...lesson },
    lanes: ['2.7-prefix', '2.7'],
    target: { lane: 0, what: 'read', outcome: 'overwritten', nth: 2 },
  },
  {
    id: 'wrong-callback',
    title: '2.6.14\u2019s wrong callback',
    text: [
      'Processing the first DEL_PEER closes its instance, and multi_close_instance runs the disconnect script, whose setenv_stats asks the kernel for a GET_PEER dump. ovpn_nl_msg_send installs the dump\u2019s parser, dco_parse_peer_multi, as libnl\u2019s VALID callback and reads until the dump is done.',
      'Every DEL_PEER queued in front of the dump\u2019s parts is read inside that loop and handed to dco_parse_peer_multi, which finds no GET_PEER attribute and returns NL_SKIP. The notification is gone; its instance stays, a ghost.',
    ],
    lookAt:
      'The red callback badge (dco_parse_peer_multi), the "swallowed" reads, and the ghost cells in multi_context.',
    station: 'reader',
    claims: [
      { lane: 0, what: 'callback', equals: 'dco_parse_peer_multi' },
      { lane: 0, what: 'swallowed', equals: 1 },
      { lane: 0, what: 'ghosts', equals: 1 },
      { lane: 1, what: 'swallowed', equals: 0 },
    ],
    settings: { ...lesson },
    lanes: ['2.6.14', '2.6.20'],
    target: { lane: 0, what: 'read', outcome: 'swallowed' },
  },
  {
    id: 'lockout',
    title: 'Ghosts and the max-clients lockout',
    text: [
      'A ghost still counts: multi_create_instance refuses a new client when the instance hash (connected, half-open and ghosts) holds --max-clients entries, with "MULTI: new incoming connection would exceed maximum number of clients".',
      'When the firewall opens and the clients reconnect, their new sessions find the slots taken by their own ghosts. They keep being refused until TLS key expiry reaps the ghosts, one to two hours later, or OpenVPN restarts.',
    ],
    lookAt: 'multi_context: the max-clients gauge full of ghosts, and the refused count rising.',
    station: 'multi',
    claims: [
      { lane: 0, what: 'refused', equals: 1 },
      { lane: 0, what: 'ghosts', equals: 51 },
      { lane: 1, what: 'ghosts', equals: 0 },
    ],
    settings: {
      peers: 64,
      maxClients: 64,
      batch: 'auto',
      load: 0.5,
      blockAtS: 5,
      unblockAtS: 150,
      reconnect: true,
      untilS: 300,
    },
    lanes: ['2.6.14', '2.6.20'],
    target: { lane: 0, what: 'refuse' },
  },
  {
    id: 'the-fix',
    title: 'The fix',
    text: [
      '7791f535 ("dco: process messages immediately after read") processes every message inside the libnl callback: read, parse, process, one datagram at a time, with ovpn_handle_msg installed for good. 2.6.20 carries the backport.',
      'Closing an instance still wants a stats dump, but the new __is_locked flag, set around every nl_recvmsgs, makes the stats request return at once while libnl is parsing. Nothing reads the queue behind the callback\u2019s back.',
    ],
    lookAt:
      'The 2.6.20 lane: each DEL_PEER is processed as soon as it is read, its stats dump skipped under the lock, while the rest still wait in the queue for their turn.',
    station: 'reader',
    claims: [
      { lane: 1, what: 'processed', equals: 2 },
      { lane: 1, what: 'statsSkipped', equals: 2 },
      { lane: 1, what: 'queuedDel', equals: 4 },
      { lane: 1, what: 'swallowed', equals: 0 },
    ],
    settings: { ...lesson },
    lanes: ['2.6.14', '2.6.20'],
    target: { lane: 1, what: 'stats_skip', nth: 2 },
  },
  {
    id: 'why-the-lock',
    title: 'Why the lock',
    text: [
      'Without the lock, the stats dump requested while processing a DEL_PEER is sent from inside the callback, and its wait loop reads the next queued DEL_PEER, which is processed one level deeper, which requests another dump, which the kernel refuses with EBUSY because the first is still running.',
      'The depth grows with the queue, and because dco->status is one shared field, an inner reply ends the outer waits too (#918 saw "Object busy").',
    ],
    lookAt: 'The libnl reader\u2019s call stack growing, and the EBUSY errors.',
    station: 'reader',
    claims: [
      { lane: 0, what: 'nleBusy', equals: 1 },
      { lane: 1, what: 'nleBusy', equals: 0 },
    ],
    settings: { ...SCENARIOS['why-the-lock']!.settings },
    lanes: ['fix-no-lock', '2.6.20'],
    target: { lane: 0, what: 'read', outcome: 'error' },
  },
  {
    id: 'overflow',
    title: 'What the fix does not fix: overflow',
    text: [
      'The receive buffer holds 425,984 bytes (OpenVPN asks for 1 MiB, the kernel caps it at rmem_max and doubles it): 512 notifications of 832 bytes. A larger burst overflows: the kernel drops, marks the socket congested and reports ENOBUFS on the next read.',
      'libnl turns ENOBUFS into -NLE_NOMEM, which OpenVPN logs at M_ERR, a fatal level: the server exits. Here the clients\u2019 flows are spread over all the CPUs of an idle server, so the deletions wait out the same grace periods and leave together: both lanes overflow and exit. The fix is about which callback parses a notification, not about how many fit. (Near the limit the fixed versions, which drain one datagram per event-loop pass, can even overflow where 2.6.14\u2019s dumps happened to empty the queue.)',
    ],
    lookAt:
      'The right lane\u2019s socket: 512 DEL_PEERs fill the buffer, 370 dropped, and OpenVPN has exited; so has 2.6.14 on the left.',
    station: 'socket',
    claims: [
      { lane: 1, what: 'exited', equals: true },
      { lane: 0, what: 'exited', equals: true },
      { lane: 1, what: 'queuedDel', equals: 512 },
      { lane: 1, what: 'dropped', equals: 370 },
    ],
    settings: { ...SCENARIOS.overflow!.settings },
    lanes: ['2.6.14', '2.6.20'],
    target: { lane: 1, what: 'exit' },
  },
  {
    id: 'rfc-status',
    title: 'The gap left in the 2.6 RFC patch: --status',
    text: [
      'The RFC backport processes in the callback and has the lock, so a pure timeout storm drains. But it still switches libnl\u2019s callback per request: the periodic status dump installs dco_parse_peer_multi, and any DEL_PEER queued while it runs is swallowed as in 2.6.14.',
      'The official 2.6.20 backport keeps ovpn_handle_msg installed for every request, which closes this gap.',
    ],
    lookAt: 'The status dump in the RFC lane swallowing notifications while 2.6.20 processes them.',
    station: 'reader',
    claims: [
      { lane: 0, what: 'callback', equals: 'dco_parse_peer_multi' },
      { lane: 0, what: 'swallowed', equals: 1 },
      { lane: 1, what: 'swallowed', equals: 0 },
    ],
    settings: { ...SCENARIOS['status-dump']!.settings },
    lanes: ['2.6-rfc-patch', '2.6.20'],
    target: { lane: 0, what: 'read', outcome: 'swallowed' },
  },
];

export function chapterById(id: string): Chapter | undefined {
  return CHAPTERS.find((c) => c.id === id);
}
