/**
 * Plain-words narration of one trace event, for the narration line, the screen-reader
 * announcement, the event log and the CLI.
 */
import type { TraceEvent } from './trace.ts';

const KIND: Record<string, string> = {
  del: 'DEL_PEER',
  dump: 'GET_PEER dump part',
  done: 'NLMSG_DONE',
  ack: 'ACK',
  error: 'ERROR',
  reply: 'GET_PEER reply',
};

function dgName(e: TraceEvent): string {
  const k = e.dgKind ? (KIND[e.dgKind] ?? e.dgKind) : 'datagram';
  const peer = e.dgKind === 'del' && e.peer !== undefined ? ` for peer ${e.peer}` : '';
  const n = e.dgKind === 'dump' && e.n !== undefined ? ` (${e.n} peers)` : '';
  return `${k} #${e.dg ?? '?'}${peer}${n}`;
}

function cbName(cb: TraceEvent['cb']): string {
  return cb === null ? 'no VALID callback (NULL)' : (cb ?? 'the installed callback');
}

function depth(e: TraceEvent): string {
  return e.depth !== undefined && e.depth > 1 ? ` (nested read, depth ${e.depth})` : '';
}

export function narrate(e: TraceEvent): string {
  switch (e.what) {
    case 'fw_block':
      return `Firewall blocks all ${e.n ?? ''} clients: no keepalive reaches the server any more.`;
    case 'fw_unblock':
      return 'Firewall opens: clients can reach the server again.';
    case 'k_expire':
      if (e.fn === 'ovpn_peer_expire') {
        return e.field === 'by hand'
          ? `${e.fn}: peer ${e.peer} expired by hand and left the peer table; its delete work waits for a kworker on CPU ${e.cpu ?? 0}.`
          : `${e.fn}: keepalive timers of ${e.n} peer${e.n === 1 ? '' : 's'} fire in the same wheel bucket; each peer leaves the peer table and its delete work queues on its own CPU.`;
      }
      return e.field === 'by hand'
        ? `${e.fn}: peer ${e.peer} expired by hand; the kernel will delete it and notify userspace.`
        : `${e.fn}: keepalive timeout for ${e.n} peer${e.n === 1 ? '' : 's'} at once; the kernel will delete them and notify userspace.`;
    case 'k_work':
      return `${e.fn} on CPU ${e.cpu}: peer ${e.peer}'s deletion ${e.field} (synchronize_rcu); its DEL_PEER leaves when grace period ${e.n} ends.`;
    case 'k_gp':
      return `${e.fn}: a grace period ends: ${e.n} deletion${e.n === 1 ? '' : 's'} on ${e.field} wake and send their DEL_PEERs together.`;
    case 'k_notify':
      return e.outcome === 'queued'
        ? `${e.fn}: ${dgName(e)} (reason ${e.reason}) queued in the netlink socket (${e.rmem} bytes queued).`
        : `${e.fn}: ${dgName(e)} dropped: the receive buffer is full or congested; the socket now reports ENOBUFS.`;
    case 'k_dump_part':
      return e.dgKind === 'done'
        ? `netlink_dump: the dump is complete, NLMSG_DONE #${e.dg} queued.`
        : `netlink_dump: ${dgName(e)} queued behind whatever was waiting.`;
    case 'loop_wake':
      return `${e.fn}: the event loop wakes${e.field ? ` (${e.field} ready)` : ''}, ${e.n ?? 0} datagrams queued.`;
    case 'cb_install':
      return `${e.fn} puts ovpn_handle_msg back as libnl's VALID callback (it was ${e.field}).`;
    case 'read':
      return narrateRead(e);
    case 'read_error':
      return e.err === 'NLE_NOMEM'
        ? `nl_recv: recvmsg fails with ENOBUFS, libnl returns -NLE_NOMEM${depth(e)}.`
        : `nl_recv: nothing left to read, -NLE_AGAIN ("netlink reports error (-4): Try again")${depth(e)}: the queue was drained behind epoll's back.`;
    case 'slot_take':
      return `process_incoming_del_peer: DEL_PEER for peer ${e.peer} taken from the slot and processed; instance ${e.peer} closes.`;
    case 'slot_reset':
      return e.outcome === 'wiped'
        ? `multi_process_incoming_dco resets the slot: the unprocessed DEL_PEER for peer ${e.peer} is wiped; instance ${e.peer} is now a ghost.`
        : `multi_process_incoming_dco resets the slot (dco_message_type = 0, dco_message_peer_id = -1).`;
    case 'del_ignored':
      return `${e.fn}: DEL_PEER for peer ${e.peer} (${e.reason}) processed, nothing to close.`;
    case 'close':
      return e.field === 'ghost'
        ? `multi_close_instance: ghost instance ${e.peer} finally closed, its slot is free.`
        : `multi_close_instance: instance ${e.peer} closed (hash entry and peer slot freed).`;
    case 'stats_skip':
      return `${e.fn}: __is_locked is set (libnl is still parsing), so the stats dump is skipped.`;
    case 'request':
      return `${e.fn} sends ${e.cmd} request #${e.n}; dco->status = 1; VALID callback is ${cbName(e.cb)} while it waits.`;
    case 'wait_done':
      return e.outcome === 'error'
        ? `ovpn_nl_msg_send: wait for ${e.cmd} ends with status ${e.n} ("failed to send netlink message").`
        : `ovpn_nl_msg_send: dco->status left 1, the wait for ${e.cmd} ends.`;
    case 'status_dump':
      return `multi_print_status: the --status timer fires; a GET_PEER dump for ${e.n} instances starts.`;
    case 'create':
      return `multi_create_instance: client ${e.client} gets instance ${e.peer} (half-open), ${e.n} in the hash.`;
    case 'refuse':
      return `multi_create_instance: "new incoming connection would exceed maximum number of clients" — client ${e.client} refused, ${e.n} in the hash.`;
    case 'established':
      return `Client ${e.client} completes its handshake on instance ${e.peer}; NEW_PEER, NEW_KEY and SET_PEER follow.`;
    case 'reap':
      return `tls_multi_process: the key of instance ${e.peer} expires (reneg-sec + tran-window) and TLS reaps it.`;
    case 'exit':
      return `OpenVPN exits: ${e.err} is logged at M_ERR, which is fatal.`;
    case 'c_restart':
      return `Client ${e.client}: ping-restart, the server has been silent; it will reconnect.`;
    case 'c_attempt':
      return e.outcome === 'blocked'
        ? `Client ${e.client} tries to reconnect; the firewall drops the packet.`
        : `Client ${e.client} tries to reconnect (${e.n} failures so far).`;
    case 'c_timeout':
      return `Client ${e.client}: no handshake within the hand-window (failure ${e.n}); backing off.`;
  }
}

function narrateRead(e: TraceEvent): string {
  const d = depth(e);
  switch (e.outcome) {
    case 'swallowed':
      return `${dgName(e)} read by ${cbName(e.cb)}${e.cb ? ': NL_SKIP' : ''}, swallowed${d}; instance ${e.peer} is now a ghost.`;
    case 'stored':
      return `${dgName(e)} read by ovpn_handle_msg: stored in the single slot of dco_context_t${d}.`;
    case 'overwritten':
      return `${dgName(e)} read by ovpn_handle_msg: overwrites the unprocessed DEL_PEER for peer ${e.prevPeer} in the slot${d}; instance ${e.prevPeer} is now a ghost.`;
    case 'parsed':
      return `${dgName(e)} parsed by ${e.cb}${d}.`;
    case 'skipped':
      return `${dgName(e)} read with no VALID callback: dropped${d}.`;
    case 'finished':
      return `NLMSG_DONE #${e.dg}: ovpn_nl_cb_finish sets dco->status = 0${d}.`;
    case 'acked':
      return `ACK #${e.dg}: ovpn_nl_cb_finish sets dco->status = 0${d}.`;
    case 'error':
      return `ERROR #${e.dg}: ovpn_nl_cb_error stores the errno in dco->status and stops; libnl returns -${e.err}${d}.`;
    default:
      return `${dgName(e)} read${d}.`;
  }
}
