/**
 * The code variants, each described only by the mechanisms that differ between them. The
 * simulation never branches on a variant id: it reads these flags, so a variant's behaviour
 * is the sum of its mechanisms, as in the C code.
 */
export const VARIANT_IDS = [
  '2.6.14',
  '2.6-rfc-patch',
  '2.6.20',
  'fix-no-lock',
  '2.7-prefix',
  '2.7',
] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

export interface Variant {
  id: VariantId;
  title: string;
  /** One sentence for the UI and the CLI. */
  summary: string;
  /**
   * Requests install their own VALID callback (`ovpn_nl_msg_send@v2.6.14` calls nl_cb_set with
   * the request's parser or NULL); dco_do_read puts ovpn_handle_msg back only at its next call.
   * When false, ovpn_handle_msg is installed once at init and stays (f353b710, #793).
   */
  callbackPerRequest: boolean;
  /**
   * ovpn_handle_msg processes a DEL_PEER inside the callback (7791f535: read -> parse ->
   * process). When false it only writes the single slot of dco_context_t and
   * multi_process_incoming_dco processes the slot after dco_do_read returns.
   */
  processInCallback: boolean;
  /**
   * `__is_locked` is set around every nl_recvmsgs in ovpn_nl_recvmsgs, and the stats requests
   * (dco_get_peer_stats_multi / dco_get_peer_stats, dco_get_peer in 2.7) return early while set.
   */
  lock: boolean;
  /** The kernel the variant ships with by default. */
  kernel: 'ovpn-dco' | 'mainline';
  /** Name of the DEL notification command in that code base. */
  delCommand: 'OVPN_CMD_DEL_PEER' | 'OVPN_CMD_PEER_DEL_NTF';
  /** Name of the read entry point (renamed by 7791f535). */
  readFn: 'dco_do_read' | 'dco_read_and_process';
  /** Source reference for links: a tag or a commit of OpenVPN/openvpn. */
  ref: string;
  /** Where this variant's code is published, when it is not a tag of OpenVPN/openvpn. */
  refNote?: string;
}

export const VARIANTS: Record<VariantId, Variant> = {
  '2.6.14': {
    id: '2.6.14',
    title: '2.6.14 (as shipped)',
    summary:
      'Request loops parse queued DEL_PEERs with the request\u2019s callback, which skips them.',
    callbackPerRequest: true,
    processInCallback: false,
    lock: false,
    kernel: 'ovpn-dco',
    delCommand: 'OVPN_CMD_DEL_PEER',
    readFn: 'dco_do_read',
    ref: 'v2.6.14',
  },
  '2.6-rfc-patch': {
    id: '2.6-rfc-patch',
    title: '2.6 RFC backport',
    summary:
      'Processes DEL_PEER inside the callback under the lock, but requests still switch the callback: the status dump and connect-time requests swallow.',
    callbackPerRequest: true,
    processInCallback: true,
    lock: true,
    kernel: 'ovpn-dco',
    delCommand: 'OVPN_CMD_DEL_PEER',
    readFn: 'dco_do_read',
    ref: 'v2.6.14',
    refNote:
      'RFC patch posted to openvpn-devel (June 2026), applied on v2.6.14; links point to v2.6.14',
  },
  '2.6.20': {
    id: '2.6.20',
    title: '2.6.20 (official backport)',
    summary:
      'Permanent ovpn_handle_msg, processing inside the callback, and the lock: nothing lost but overflow.',
    callbackPerRequest: false,
    processInCallback: true,
    lock: true,
    kernel: 'ovpn-dco',
    delCommand: 'OVPN_CMD_DEL_PEER',
    readFn: 'dco_read_and_process',
    ref: 'v2.6.20',
  },
  'fix-no-lock': {
    id: 'fix-no-lock',
    title: 'fix without the lock',
    summary:
      'Nothing lost, but the stats dump issued while parsing nests a read inside the read: EBUSY, growing depth, shared status.',
    callbackPerRequest: false,
    processInCallback: true,
    lock: false,
    kernel: 'ovpn-dco',
    delCommand: 'OVPN_CMD_DEL_PEER',
    readFn: 'dco_read_and_process',
    ref: 'v2.6.20',
    refNote:
      'v2.6.20 with the __is_locked checks removed (a thought experiment); links point to v2.6.20',
  },
  '2.7-prefix': {
    id: '2.7-prefix',
    title: '2.7 before the fix',
    summary:
      'Permanent callback writes every DEL into the single slot: each overwrites the last, the reset wipes it.',
    callbackPerRequest: false,
    processInCallback: false,
    lock: false,
    kernel: 'mainline',
    delCommand: 'OVPN_CMD_PEER_DEL_NTF',
    readFn: 'dco_do_read',
    ref: '0effd6cae392bc42bb5106170661ba520e344fbe',
    refNote: 'parent of 7791f535 on master',
  },
  '2.7': {
    id: '2.7',
    title: '2.7 (fixed, 7791f535)',
    summary: 'Processes every message inside the callback, with the lock, on mainline ovpn timing.',
    callbackPerRequest: false,
    processInCallback: true,
    lock: true,
    kernel: 'mainline',
    delCommand: 'OVPN_CMD_PEER_DEL_NTF',
    readFn: 'dco_read_and_process',
    ref: '7791f5358a5574d4ef1bd27e2d52300c9d98bd72',
  },
};

export function isVariantId(v: string): v is VariantId {
  return (VARIANT_IDS as readonly string[]).includes(v);
}
