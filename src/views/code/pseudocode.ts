/**
 * The code panel's pseudo-code, written for dcoscope (not taken from OpenVPN, libnl or the
 * kernel): the functions that decide the fate of a DEL_PEER notification, built from the
 * variant's mechanisms (callbackPerRequest, processInCallback, lock). Each function is named
 * as in the variant's code base so it can link to the upstream source; notable lines carry an
 * anchor that trace events map to (codeHighlight.ts).
 */
import type { Variant } from '../../model/index.ts';

export interface CodeLine {
  text: string;
  /** Stable name of the line, e.g. 'send.setcb', for highlighting. */
  anchor?: string;
}

export interface CodeFn {
  /** Key independent of the variant's naming, e.g. 'read' for dco_do_read / dco_read_and_process. */
  key: string;
  /** The C function's name in this variant (links to upstream). */
  name: string;
  /** Where it lives, for the heading: "OpenVPN", "libnl". */
  origin: 'OpenVPN' | 'libnl';
  lines: CodeLine[];
}

const L = (text: string, anchor?: string): CodeLine => (anchor ? { text, anchor } : { text });

export function statsFnName(v: Variant): string {
  return v.kernel === 'mainline' ? 'dco_get_peer' : 'dco_get_peer_stats_multi';
}

export function loopFnName(v: Variant): string {
  return v.kernel === 'mainline' ? 'multi_io_process_io' : 'multi_process_io_udp';
}

export function pseudocode(v: Variant): CodeFn[] {
  const cbpr = v.callbackPerRequest;
  const pic = v.processInCallback;
  const lock = v.lock;
  const del = v.delCommand;
  const stats = statsFnName(v);
  const fns: CodeFn[] = [];

  fns.push({
    key: 'loop',
    name: loopFnName(v),
    origin: 'OpenVPN',
    lines: [
      L('// one pass of the single-threaded event loop'),
      L('wait in epoll until a socket is ready', 'loop.wait'),
      L('run the per-second timers: TLS key expiry, --status', 'loop.timers'),
      L('if (a client packet is ready)', 'loop.udp'),
      L('    handle it: new client -> multi_create_instance'),
      L('else if (the DCO netlink socket is ready)', 'loop.dco'),
      pic
        ? L(`    ${v.readFn}(dco);   // reads and processes`, 'loop.read')
        : L('    multi_process_incoming_dco(m);', 'loop.read'),
    ],
  });

  if (!pic) {
    fns.push({
      key: 'pid',
      name: 'multi_process_incoming_dco',
      origin: 'OpenVPN',
      lines: [
        L(`ret = ${v.readFn}(dco);   // one recvmsg: one datagram`, 'pid.read'),
        L(`if (dco->dco_message_type == ${del})`, 'pid.check'),
        L('    process_incoming_del_peer(m, dco->dco_message_peer_id);', 'pid.take'),
        L('// clear the single slot for the next message', 'pid.reset'),
        L('dco->dco_message_type = 0;', 'pid.reset'),
        L('dco->dco_message_peer_id = -1;', 'pid.reset'),
        L('dco->dco_del_peer_reason = -1;', 'pid.reset'),
      ],
    });
  }

  fns.push({
    key: 'read',
    name: v.readFn,
    origin: 'OpenVPN',
    lines: [
      ...(cbpr
        ? [
            L('// a request may have left its own parser installed: put ours back'),
            L('nl_cb_set(dco->nl_cb, NL_CB_VALID, ovpn_handle_msg, dco);', 'read.install'),
          ]
        : [L('// ovpn_handle_msg stays installed from init on')]),
      L(`return ovpn_nl_recvmsgs(dco, "${v.readFn}");`, 'read.recv'),
    ],
  });

  fns.push({
    key: 'recv',
    name: 'ovpn_nl_recvmsgs',
    origin: 'OpenVPN',
    lines: [
      ...(lock ? [L('dco->__is_locked = true;   // libnl is parsing', 'recv.lock')] : []),
      L('ret = nl_recvmsgs(dco->nl_sock, dco->nl_cb);', 'recv.call'),
      ...(lock ? [L('dco->__is_locked = false;', 'recv.unlock')] : []),
      L('if (ret == -NLE_NOMEM)   // ENOBUFS: the kernel dropped', 'recv.nomem'),
      L('    msg(M_ERR, ...);   // M_ERR is fatal: the process exits', 'recv.fatal'),
      L('else if (ret == -NLE_AGAIN)', 'recv.again'),
      L('    log "netlink reports error (-4): Try again";', 'recv.again'),
      L('return ret;'),
    ],
  });

  fns.push({
    key: 'send',
    name: 'ovpn_nl_msg_send',
    origin: 'OpenVPN',
    lines: [
      L('dco->status = 1;   // one field shared by every request', 'send.status'),
      ...(cbpr
        ? [
            L('// the request\u2019s parser (or NULL) becomes THE VALID callback', 'send.setcb'),
            L('nl_cb_set(dco->nl_cb, NL_CB_VALID, parser, dco);', 'send.setcb'),
          ]
        : []),
      L('nl_send_auto(dco->nl_sock, request);', 'send.send'),
      L('while (dco->status == 1)   // until DONE, ACK or ERROR', 'send.wait'),
      L('    ovpn_nl_recvmsgs(dco, caller);   // every datagram queued meanwhile too', 'send.recv'),
      L('return dco->status;   // < 0: "failed to send netlink message"', 'send.ret'),
    ],
  });

  fns.push({
    key: 'libnl',
    name: 'recvmsgs',
    origin: 'libnl',
    lines: [
      L('again:'),
      L('n = nl_recv(sk, &buf);   // one recvmsg, one datagram', 'libnl.recv'),
      L('if (n < 0) return n;   // ENOBUFS -> -NLE_NOMEM, empty -> -NLE_AGAIN', 'libnl.err'),
      L('for (each message in buf) {'),
      L('    if (flags & NLM_F_MULTI) multipart = true;'),
      L('    if (type == NLMSG_DONE) { multipart = false; FINISH callback; }', 'libnl.finish'),
      L('    else if (ACK) ACK callback;', 'libnl.ack'),
      L('    else if (ERROR) { ERROR callback; return -NLE_...; }', 'libnl.error'),
      L('    else if (VALID callback == NULL) continue;   // dropped, silently', 'libnl.nullcb'),
      L('    else if (VALID(msg) == NL_SKIP) continue;   // forgotten', 'libnl.valid'),
      L('}'),
      L('if (multipart) goto again;   // a dump keeps this call reading', 'libnl.more'),
      L('return 0;'),
    ],
  });

  fns.push({
    key: 'handle',
    name: 'ovpn_handle_msg',
    origin: 'OpenVPN',
    lines: [
      L('parse the generic netlink attributes of msg;'),
      ...(cbpr
        ? []
        : [
            L(
              'if (GET_PEER reply) return dco_parse_peer(msg, dco);   // routed here',
              'handle.peer',
            ),
          ]),
      L(`if (cmd == ${del}) {`),
      L('    // the single slot: one message at a time', 'handle.store'),
      L('    dco->dco_message_type = cmd;', 'handle.store'),
      L('    dco->dco_message_peer_id = attr(PEER_ID);', 'handle.store'),
      L('    dco->dco_del_peer_reason = attr(DEL_REASON);', 'handle.store'),
      ...(pic
        ? [
            L(
              '    multi_process_incoming_dco(dco);   // process now, inside the callback',
              'handle.process',
            ),
          ]
        : []),
      L('}'),
      L('return NL_OK;'),
    ],
  });

  if (pic) {
    fns.push({
      key: 'pid',
      name: 'multi_process_incoming_dco',
      origin: 'OpenVPN',
      lines: [
        L('m = dco->c->multi;   // back-pointer set at the call site'),
        L(`if (dco->dco_message_type == ${del})`, 'pid.check'),
        L('    process_incoming_del_peer(m, dco->dco_message_peer_id);', 'pid.take'),
      ],
    });
  }

  if (cbpr) {
    fns.push({
      key: 'parse',
      name: 'dco_parse_peer_multi',
      origin: 'OpenVPN',
      lines: [
        L('parse the attributes of msg;'),
        L('if (no OVPN_ATTR_GET_PEER)   // true for every DEL_PEER', 'parse.skip'),
        L('    return NL_SKIP;   // the notification is gone', 'parse.skip'),
        L('for (each peer entry) update its traffic counters;', 'parse.entries'),
        L('return NL_OK;'),
      ],
    });
  }

  fns.push({
    key: 'del',
    name: 'process_incoming_del_peer',
    origin: 'OpenVPN',
    lines: [
      L('mi = m->instances[peer_id];'),
      L('if (!mi || reason == USERSPACE) return;   // nothing to close', 'del.none'),
      L('multi_signal_instance(...) -> multi_close_instance(m, mi);', 'del.close'),
    ],
  });

  fns.push({
    key: 'close',
    name: 'multi_close_instance',
    origin: 'OpenVPN',
    lines: [
      L('remove mi from m->hash and m->instances;   // frees a max-clients slot', 'close.remove'),
      L('if (mi had finished connecting)'),
      L('    disconnect script -> setenv_stats(m, &mi->context);', 'close.stats'),
      L('close_context(mi);   // DEL_PEER request unless the kernel deleted it', 'close.ctx'),
    ],
  });

  fns.push({
    key: 'setenv',
    name: 'setenv_stats',
    origin: 'OpenVPN',
    lines: [
      L(`${stats}(dco, m, ...);   // fresh byte counters for the script`, 'setenv.stats'),
      L('setenv bytes_received, bytes_sent;'),
    ],
  });

  fns.push({
    key: 'stats',
    name: stats,
    origin: 'OpenVPN',
    lines: [
      ...(lock
        ? [L('if (dco->__is_locked) return 0;   // libnl is parsing: skip', 'stats.lockcheck')]
        : []),
      L('request = OVPN_CMD_GET_PEER with NLM_F_DUMP;   // every peer'),
      cbpr
        ? L('return ovpn_nl_msg_send(dco, request, dco_parse_peer_multi, __func__);', 'stats.dump')
        : L('return ovpn_nl_msg_send(dco, request, __func__);', 'stats.dump'),
    ],
  });

  fns.push({
    key: 'status',
    name: 'multi_print_status',
    origin: 'OpenVPN',
    lines: [
      L(`${stats}(dco, m, ...);   // the --status timer: a dump too`, 'status.dump'),
      L('write one line per instance to the status file;'),
    ],
  });

  fns.push({
    key: 'create',
    name: 'multi_create_instance',
    origin: 'OpenVPN',
    lines: [
      L('if (hash_n_elements(m->hash) >= m->max_clients) {   // ghosts count too', 'create.check'),
      L(
        '    log "MULTI: new incoming connection would exceed maximum number of clients";',
        'create.refuse',
      ),
      L('    return NULL;', 'create.refuse'),
      L('}'),
      L('mi = new instance with the lowest free peer id;', 'create.alloc'),
    ],
  });

  fns.push({
    key: 'connect',
    name: 'multi_process_incoming_link',
    origin: 'OpenVPN',
    lines: [
      L('// the TLS handshake of a new client completed', 'connect.done'),
      L(
        cbpr
          ? 'dco_new_peer(); dco_new_key(); dco_set_peer();   // each: msg_send with NULL parser'
          : 'dco_new_peer(); dco_new_key(); dco_set_peer();   // each: ovpn_nl_msg_send',
        'connect.requests',
      ),
    ],
  });

  return fns;
}
