/**
 * The variant's pseudo-code (pseudocode.ts), with the function and line of the step's latest
 * event highlighted and every function name linked to its upstream source at the variant's ref.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import { VARIANTS, fnSource, type TraceEvent, type VariantId } from '../../model/index.ts';
import type { ReaderFrame } from '../../protocol/view.ts';
import { latestSpot } from './codeHighlight.ts';
import { pseudocode } from './pseudocode.ts';
import './code.css';

export interface CodePanelProps {
  variant: VariantId;
  events: TraceEvent[];
  /** The userspace call stack: functions on it are marked as active callers. */
  stack?: ReaderFrame[];
  /** Jump (instead of scrolling smoothly) to the highlighted line. */
  reducedMotion?: boolean;
}

export function CodePanel({ variant, events, stack, reducedMotion }: CodePanelProps) {
  const v = VARIANTS[variant];
  const code = useMemo(() => pseudocode(v), [v]);
  const found = latestSpot(events, v.callbackPerRequest);
  const spot = found?.spot ?? null;
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const onStack = new Set((stack ?? []).map((f) => f.fn));
  const kernelEvent = !found ? [...events].reverse().find((e) => e.actor === 'kernel') : undefined;
  const activeKey = spot ? `${spot.fn}:${spot.anchor ?? ''}:${found?.event.i ?? ''}` : '';

  useEffect(() => {
    const box = scrollRef.current;
    if (!box || !activeKey) return;
    const line = box.querySelector<HTMLElement>('.v-code-line.is-active, .v-code-fn.is-active');
    if (!line) return;
    const top = line.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 24)
      box.scrollTo({
        top: Math.max(0, top - box.clientHeight / 3),
        behavior: reducedMotion ? 'auto' : 'smooth',
      });
  }, [activeKey, reducedMotion]);

  return (
    <section className="v-panel v-code" aria-labelledby={headingId}>
      <h3 id={headingId}>Code ({v.title})</h3>
      <p className="v-code-now">
        {found ? (
          <>
            Now: <code>{found.event.fn}</code>
            {found.event.actor === 'libnl' ? ' (libnl)' : ''}
          </>
        ) : kernelEvent ? (
          <>
            Kernel: <FnLink variant={variant} fn={kernelEvent.fn} /> (outside OpenVPN)
          </>
        ) : (
          'Nothing in OpenVPN at this step.'
        )}
        {v.refNote && <span className="v-code-refnote"> Links: {v.refNote}.</span>}
      </p>
      <div className="v-code-scroll" ref={scrollRef} tabIndex={0} aria-label="Pseudo-code">
        {code.map((fn) => {
          const fnActive = spot?.fn === fn.key || spot?.also?.fn === fn.key;
          return (
            <div
              key={fn.key}
              className={`v-code-fn${fnActive ? ' is-active' : ''}${onStack.has(fn.name) ? ' on-stack' : ''}`}
            >
              <p className="v-code-sig">
                <FnLink variant={variant} fn={fn.name} />
                <span className="v-code-origin">{fn.origin}</span>
                {onStack.has(fn.name) && <span className="v-code-stackmark">on the stack</span>}
              </p>
              <ol className="v-code-lines">
                {fn.lines.map((line, k) => {
                  const active =
                    (spot?.fn === fn.key &&
                      line.anchor !== undefined &&
                      line.anchor === spot.anchor) ||
                    (spot?.also?.fn === fn.key && line.anchor === spot.also.anchor);
                  return (
                    <li
                      key={k}
                      className={`v-code-line${active ? ' is-active' : ''}`}
                      aria-current={active ? 'step' : undefined}
                    >
                      <code>{line.text}</code>
                    </li>
                  );
                })}
              </ol>
            </div>
          );
        })}
      </div>
    </section>
  );
}

function FnLink({ variant, fn }: { variant: VariantId; fn: string }) {
  const src = fnSource(VARIANTS[variant], fn);
  if (!src) return <code className="v-code-name">{fn}</code>;
  return (
    <a
      className="v-code-name"
      href={src.url}
      target="_blank"
      rel="noreferrer"
      title={`${src.repo} ${src.file}${src.line ? `:${src.line}` : ''} at ${src.ref.slice(0, 12)}`}
    >
      <code>{fn}</code>
    </a>
  );
}
