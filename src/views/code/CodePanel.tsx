/**
 * The variant's pseudo-code (pseudocode.ts), with the function and line of the step's latest
 * event highlighted and every function name linked to its upstream source at the variant's ref.
 *
 * Cheap while playing: the code listing is a memoized component that re-renders only when the
 * highlighted spot or the call stack changes, and following the highlight never forces a layout
 * per frame: line offsets are measured once per line (again after a resize), the box's scroll
 * position is tracked from its scroll events, and nothing scrolls while the box is off screen
 * (it catches up when it comes into view).
 */
import { memo, useEffect, useId, useMemo, useRef } from 'react';
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

function CodePanelImpl({ variant, events, stack, reducedMotion }: CodePanelProps) {
  const v = VARIANTS[variant];
  const found = latestSpot(events, v.callbackPerRequest);
  const spot = found?.spot ?? null;
  const headingId = useId();
  const kernelEvent = !found ? [...events].reverse().find((e) => e.actor === 'kernel') : undefined;
  const stackKey = (stack ?? []).map((f) => f.fn).join(' ');
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
      <CodeListing
        variant={variant}
        fn={spot?.fn ?? null}
        anchor={spot?.anchor ?? null}
        alsoFn={spot?.also?.fn ?? null}
        alsoAnchor={spot?.also?.anchor ?? null}
        stackKey={stackKey}
        reducedMotion={reducedMotion ?? false}
      />
    </section>
  );
}

/** Re-renders only when what it shows changes (events and stack arrays are new every step). */
export const CodePanel = memo(CodePanelImpl, (a, b) => {
  if (a.variant !== b.variant || a.reducedMotion !== b.reducedMotion) return false;
  const key = (p: CodePanelProps) => {
    const v = VARIANTS[p.variant];
    const f = latestSpot(p.events, v.callbackPerRequest);
    const k = !f ? [...p.events].reverse().find((e) => e.actor === 'kernel') : undefined;
    const s = f?.spot;
    return [
      f?.event.fn,
      f?.event.actor,
      k?.fn,
      s?.fn,
      s?.anchor,
      s?.also?.fn,
      s?.also?.anchor,
      (p.stack ?? []).map((x) => x.fn).join(' '),
    ].join('|');
  };
  return key(a) === key(b);
});

interface ListingProps {
  variant: VariantId;
  fn: string | null;
  anchor: string | null;
  alsoFn: string | null;
  alsoAnchor: string | null;
  /** The stack's function names, space-separated. */
  stackKey: string;
  reducedMotion: boolean;
}

const CodeListing = memo(function CodeListing({
  variant,
  fn: spotFn,
  anchor,
  alsoFn,
  alsoAnchor,
  stackKey,
  reducedMotion,
}: ListingProps) {
  const v = VARIANTS[variant];
  const code = useMemo(() => pseudocode(v), [v]);
  const onStack = useMemo(() => new Set(stackKey ? stackKey.split(' ') : []), [stackKey]);
  const target = spotFn ? `${spotFn}:${anchor ?? ''}` : '';
  const follow = useFollow(target, variant, reducedMotion);

  return (
    <div
      className="v-code-scroll"
      ref={follow.ref}
      tabIndex={0}
      aria-label="Pseudo-code"
      onScroll={follow.onScroll}
    >
      {code.map((fn) => {
        const fnActive = spotFn === fn.key || alsoFn === fn.key;
        return (
          <div
            key={fn.key}
            data-fn={fn.key}
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
                  (spotFn === fn.key && line.anchor !== undefined && line.anchor === anchor) ||
                  (alsoFn === fn.key && line.anchor === alsoAnchor);
                return (
                  <li
                    key={k}
                    data-anchor={line.anchor}
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
  );
});

/**
 * Keeps the target line ("fn:anchor") in view of the scroll box without per-frame layout reads:
 * offsets are cached per target (cleared on resize or variant change), the scroll position comes
 * from scroll events, and while the box is off screen the scroll waits.
 */
function useFollow(target: string, variant: VariantId, reducedMotion: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const state = useRef({
    offsets: new Map<string, { top: number; height: number }>(),
    scrollTop: 0,
    clientHeight: 0,
    visible: false,
    pending: '',
    variant,
  });

  const scrollTo = (key: string, smooth: boolean) => {
    const box = ref.current;
    const s = state.current;
    if (!box || !key) return;
    if (!s.visible || s.clientHeight === 0) {
      s.pending = key;
      return;
    }
    s.pending = '';
    let off = s.offsets.get(key);
    if (!off) {
      const [fnKey, anchor] = key.split(':');
      const fnEl = box.querySelector<HTMLElement>(`[data-fn="${fnKey}"]`);
      const el = (anchor && fnEl?.querySelector<HTMLElement>(`[data-anchor="${anchor}"]`)) || fnEl;
      if (!el) return;
      // offsetParent is the box (position: relative): one layout read per line, then cached
      off = { top: el.offsetTop, height: el.offsetHeight };
      s.offsets.set(key, off);
    }
    const top = s.scrollTop;
    if (off.top >= top && off.top + off.height <= top + s.clientHeight - 4) return;
    const next = Math.max(0, off.top - s.clientHeight / 3);
    s.scrollTop = next;
    box.scrollTo({ top: next, behavior: smooth ? 'smooth' : 'auto' });
  };
  const scrollRef = useRef(scrollTo);
  useEffect(() => {
    scrollRef.current = scrollTo;
  });

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const s = state.current;
    s.clientHeight = box.clientHeight;
    s.scrollTop = box.scrollTop;
    const ro =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            const h = entries[0]?.contentRect.height;
            s.offsets.clear();
            if (h !== undefined) s.clientHeight = box.clientHeight;
          });
    ro?.observe(box);
    const io =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => {
            const e = entries[entries.length - 1];
            s.visible = !!e?.isIntersecting;
            if (s.visible && s.pending) scrollRef.current(s.pending, false);
          });
    if (io) io.observe(box);
    else s.visible = true;
    return () => {
      ro?.disconnect();
      io?.disconnect();
    };
  }, []);

  useEffect(() => {
    const s = state.current;
    if (s.variant !== variant) {
      s.variant = variant;
      s.offsets.clear();
    }
    scrollRef.current(target, !reducedMotion);
  }, [target, variant, reducedMotion]);

  const onScroll = (ev: React.UIEvent<HTMLDivElement>) => {
    state.current.scrollTop = ev.currentTarget.scrollTop;
  };
  return { ref, onScroll };
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
