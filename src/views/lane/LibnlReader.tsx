/**
 * libnl's reader: the VALID callback installed right now, the userspace call stack (nested
 * reads indented), and the datagram just read with its fate.
 */
import { useId } from 'react';
import type { LaneView } from '../../protocol/view.ts';
import { ReaderBytesButton } from '../bytes/pickers.tsx';
import { callbackLabel, callbackTone, readFate } from './readerModel.ts';

const PHASE: Record<LaneView['reader']['loopPhase'], string> = {
  idle: 'event loop asleep in epoll',
  woken: 'event loop woken, waiting for the CPU',
  running: 'event loop running',
};

export function LibnlReader({ view }: { view: LaneView }) {
  const headingId = useId();
  const r = view.reader;
  const fate = readFate(view.events);
  const tone = callbackTone(r.validCb);
  let level = 0;
  return (
    <section className="v-panel v-reader" aria-labelledby={headingId}>
      <h3 id={headingId}>libnl reader</h3>
      <p className="v-reader-cb">
        VALID callback{' '}
        <span className={`v-badge is-${tone}`}>
          {tone === 'ok' ? '\u2713 ' : '\u2717 '}
          <code>{callbackLabel(r.validCb)}</code>
        </span>
      </p>
      <p className="v-reader-phase">
        {PHASE[r.loopPhase]}
        {r.depth > 0 && (
          <>
            {' '}
            · read depth{' '}
            <strong className={r.depth > 1 ? 'v-bad-text' : undefined}>{r.depth}</strong>
          </>
        )}
      </p>
      {r.stack.length > 0 ? (
        <ol className="v-stack" aria-label="Call stack, outermost first">
          {r.stack.map((f, k) => {
            const lvl = Math.min(level++, 15);
            return (
              <li key={k} className="v-frame" data-level={lvl}>
                <code>{f.fn}</code>
                {f.cmd && <span className="v-frame-note"> {f.cmd}</span>}
                {f.depth !== undefined && <span className="v-frame-note"> read {f.depth}</span>}
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="v-muted-line">No OpenVPN code running.</p>
      )}
      {fate ? (
        <div className={`v-fate is-${fate.tone}`}>
          <p>
            Read <strong>{fate.datagram}</strong> → <code>{fate.parser}</code>
            {fate.event.depth !== undefined &&
              fate.event.depth > 1 &&
              ` (depth ${fate.event.depth})`}
          </p>
          <p>{fate.fate}</p>
        </div>
      ) : (
        <p className="v-muted-line">No datagram read in this step.</p>
      )}
      <ReaderBytesButton view={view} />
    </section>
  );
}
