/**
 * OpenVPN's side, one frame per C function (dco_linux.c, multi.c, mudp.c). Each step does one
 * thing that takes time and emits one trace event, or moves silently between calls.
 */
import type { Sim } from './core.ts';
import { dcoDoRead, msgSend, ovpnNlRecvmsgs } from './dco.ts';
import { stepRecvmsgs } from './libnl.ts';
import {
  closeInstance,
  createInstance,
  established,
  loopPass,
  printStatus,
  processIncomingDco,
} from './multi.ts';
import type { Frame } from './state.ts';

/** Runs one step of the frame on top of the stack. Returns its cost, or null if silent. */
export function stepFrame(sim: Sim, fr: Frame): number | null {
  switch (fr.f) {
    case 'loop_pass':
      return loopPass(sim, fr);
    case 'multi_process_incoming_dco':
      return processIncomingDco(sim, fr);
    case 'dco_do_read':
      return dcoDoRead(sim, fr);
    case 'ovpn_nl_recvmsgs':
      return ovpnNlRecvmsgs(sim, fr);
    case 'recvmsgs':
      return stepRecvmsgs(sim, fr);
    case 'ovpn_nl_msg_send':
      return msgSend(sim, fr);
    case 'multi_close_instance':
      return closeInstance(sim, fr);
    case 'multi_print_status':
      return printStatus(sim, fr);
    case 'multi_create_instance':
      return createInstance(sim, fr);
    case 'connection_established':
      return established(sim, fr);
  }
}
