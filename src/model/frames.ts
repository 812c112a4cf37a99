/**
 * The explicit userspace call stack: push a call, return from it with a value.
 */
import type { Frame, SimState } from './state.ts';

export function pushFrame(st: SimState, fr: Frame): void {
  st.loop.stack.push(fr);
  if (fr.f === 'recvmsgs' && fr.depth > st.counters.maxReadDepth)
    st.counters.maxReadDepth = fr.depth;
}

export function popFrame(st: SimState, ret: number): void {
  st.loop.stack.pop();
  st.loop.ret = ret;
}

/** Read nesting depth of a new recvmsgs call: 1 + the recvmsgs calls already on the stack. */
export function readDepth(st: SimState): number {
  let d = 1;
  for (const fr of st.loop.stack) if (fr.f === 'recvmsgs') d++;
  return d;
}
