/**
 * The ways to a datagram's bytes: from the socket queue (a click on a block, or this picker,
 * the keyboard's way), from the reader (the datagram it holds or just read) and from the event
 * log (the event under the cursor).
 */
import { useId } from 'react';
import {
  formatCount,
  type RequestCmd,
  type TraceEvent,
  type WireRequest,
} from '../../model/index.ts';
import type { LaneView, QueuedDatagram } from '../../protocol/view.ts';
import { blockTitle } from '../lane/queueLayout.ts';
import {
  datagramFromEvents,
  datagramFromQueued,
  datagramTitle,
  requestsFromEvents,
} from './datagramOf.ts';
import { showBytes } from './selection.ts';
import './bytes.css';

/** Requests the view knows: the step's request events and the one OpenVPN waits on. */
function viewRequests(view: LaneView): Map<number, WireRequest> {
  const m = requestsFromEvents(view.events);
  const r = view.reader.request;
  if (r) m.set(r.req, { cmd: r.cmd as RequestCmd, peer: r.peer });
  return m;
}

export function showQueuedBytes(view: LaneView, q: QueuedDatagram): void {
  showBytes({
    lane: view.lane,
    dg: datagramFromQueued(q),
    requests: viewRequests(view),
    source: 'socket queue',
  });
}

/** How many queued datagrams the picker lists (the head first). */
const PICK_MAX = 200;

export function QueueBytesPicker({ view }: { view: LaneView }) {
  const id = useId();
  const queue = view.socket.queue;
  if (queue.length === 0) return null;
  const shown = queue.slice(0, PICK_MAX);
  return (
    <p className="v-bytes-pick">
      <label htmlFor={id}>On the wire:</label>
      <select
        id={id}
        value=""
        onChange={(ev) => {
          const q = shown.find((d) => String(d.id) === ev.target.value);
          if (q) showQueuedBytes(view, q);
        }}
      >
        <option value="">
          show the bytes of… ({formatCount(queue.length)} queued
          {queue.length > PICK_MAX ? `, first ${PICK_MAX} listed` : ''})
        </option>
        {shown.map((d, k) => (
          <option key={d.id} value={d.id}>
            {k === 0 ? 'head: ' : `${k + 1}: `}
            {blockTitle(d)}
          </option>
        ))}
      </select>
    </p>
  );
}

/** The reader's datagram: the one its read frame holds, else the last one the step read. */
export function ReaderBytesButton({ view }: { view: LaneView }) {
  const events = view.events;
  let k = -1;
  for (let j = events.length - 1; j >= 0; j--) {
    const e = events[j]!;
    if (
      e.what === 'read' &&
      e.dg !== undefined &&
      (view.reader.reading === null || e.dg === view.reader.reading)
    ) {
      k = j;
      break;
    }
  }
  const dg = k >= 0 ? datagramFromEvents(events, k) : null;
  if (!dg) return null;
  return (
    <button
      type="button"
      className="v-bytes-open"
      onClick={() =>
        showBytes({ lane: view.lane, dg, requests: viewRequests(view), source: 'reader' })
      }
    >
      Bytes of {datagramTitle(dg)}
    </button>
  );
}

/** The event log's way: the datagram the event under the cursor names. */
export function EventBytesButton({
  lane,
  events,
  index,
}: {
  lane: number;
  events: readonly TraceEvent[];
  index: number;
}) {
  const dg = datagramFromEvents(events, index);
  if (!dg) return null;
  return (
    <button
      type="button"
      className="v-bytes-open"
      onClick={() =>
        showBytes({ lane, dg, requests: requestsFromEvents(events), source: 'event log' })
      }
    >
      Bytes of {datagramTitle(dg)} (event {formatCount(events[index]!.i)})
    </button>
  );
}
