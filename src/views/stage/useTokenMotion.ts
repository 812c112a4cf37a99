/**
 * Glides the stage's tokens between two consecutive pictures (FLIP with the Web Animations
 * API: no style attribute, so the strict CSP holds). React draws every token at its place for
 * the current position; this hook only adds, for a moment, a transform from where the token
 * was to where it is now. Finished animations leave nothing behind: at rest the markup is the
 * picture of the position. A glide cut short by the next picture restarts from where the token
 * is on screen (never stacked), and glides get shorter as pictures come faster.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { StageToken } from './stageModel.ts';

interface Place {
  x: number;
  y: number;
}

interface Running {
  anim: Animation;
  path: Place[];
}

export const GLIDE_MS = 400;
const MIN_GLIDE_MS = 140;
const EASE = 'cubic-bezier(0.4, 0, 0.2, 1)';
const FALL = 'cubic-bezier(0.55, 0, 0.85, 0.4)';

function tr(p: Place): string {
  return `translate(${p.x.toFixed(1)}px, ${p.y.toFixed(1)}px)`;
}

/** Where a running glide has its token now (linear between equally spaced keyframes). */
function currentPlace(r: Running): Place | null {
  const progress = r.anim.effect?.getComputedTiming().progress;
  if (progress === null || progress === undefined) return null;
  const segs = r.path.length - 1;
  const at = Math.min(segs, Math.max(0, progress * segs));
  const k = Math.min(segs - 1, Math.floor(at));
  const f = at - k;
  const a = r.path[k]!;
  const b = r.path[k + 1]!;
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

export function useTokenMotion(
  svgRef: RefObject<SVGSVGElement | null>,
  exitRef: RefObject<SVGGElement | null>,
  tokens: readonly StageToken[],
  animate: boolean,
  origin: Place,
  sink: Place,
  via: Place,
): void {
  const prev = useRef(new Map<string, { place: Place; token: StageToken; node: Element }>());
  const running = useRef(new Map<string, Running>());
  const lastAt = useRef(0);

  useLayoutEffect(() => {
    const svg = svgRef.current;
    const exitLayer = exitRef.current;
    if (!svg || !exitLayer) return;
    const now = performance.now();
    const interval = lastAt.current ? now - lastAt.current : GLIDE_MS;
    lastAt.current = now;
    const els = new Map<string, Element>();
    for (const el of svg.querySelectorAll('[data-token]')) {
      const id = el.getAttribute('data-token');
      if (id) els.set(id, el);
    }
    const canAnimate = animate && typeof (svg as Element).animate === 'function';
    if (!canAnimate) {
      for (const r of running.current.values()) r.anim.cancel();
      running.current.clear();
      exitLayer.replaceChildren();
    } else {
      const dur = Math.round(Math.min(GLIDE_MS, Math.max(MIN_GLIDE_MS, interval * 0.9)));
      const seen = new Set<string>();
      for (const t of tokens) {
        seen.add(t.id);
        const el = els.get(t.id);
        if (!el) continue;
        const to = { x: t.x, y: t.y };
        const old = prev.current.get(t.id);
        const r = running.current.get(t.id);
        let from: Place | null = r ? currentPlace(r) : null;
        if (r) {
          r.anim.cancel();
          running.current.delete(t.id);
        }
        from ??= old?.place ?? null;
        if (!from) {
          // appears: from the kernel (datagrams) or in place (requests, a seek's tray)
          const fromKernel = t.kind !== 'request' && t.place !== 'tray' && t.place !== 'kernel';
          const start = fromKernel ? origin : to;
          const anim = el.animate(
            [
              { transform: tr(start), opacity: 0 },
              { transform: tr(start), opacity: 1, offset: 0.25 },
              { transform: tr(to), opacity: 1 },
            ],
            { duration: dur, easing: EASE },
          );
          running.current.set(t.id, { anim, path: [start, start, to] });
          continue;
        }
        if (Math.abs(from.x - to.x) < 0.5 && Math.abs(from.y - to.y) < 0.5) continue;
        const lostNow = t.place === 'tray' && old?.token.place !== 'tray';
        // a swallowed notification passes the reader on its way to the tray
        const path =
          lostNow && t.outcome === 'swallowed' && old?.token.place === 'socket'
            ? [from, via, to]
            : lostNow
              ? [from, { x: from.x, y: from.y + 10 }, to]
              : [from, to];
        const anim = el.animate(
          path.map((p) => ({ transform: tr(p) })),
          {
            duration: lostNow ? Math.max(dur, Math.min(GLIDE_MS + 150, dur * 1.4)) : dur,
            easing: lostNow ? FALL : EASE,
          },
        );
        running.current.set(t.id, { anim, path });
      }
      // gone: a copy of the old token fades out where it goes (processed: into multi_context)
      for (const [id, old] of prev.current) {
        if (seen.has(id)) continue;
        const r = running.current.get(id);
        const at = (r && currentPlace(r)) ?? old.place;
        r?.anim.cancel();
        running.current.delete(id);
        const ghost = old.node.cloneNode(true) as Element;
        ghost.removeAttribute('data-token');
        ghost.setAttribute('data-leaving', id);
        exitLayer.appendChild(ghost);
        const end =
          old.token.place === 'slot'
            ? sink
            : { x: at.x + (old.token.place === 'kernel' ? 30 : 0), y: at.y };
        const anim = ghost.animate(
          [
            { transform: tr(at), opacity: 1 },
            { transform: tr(end), opacity: 0 },
          ],
          { duration: dur, easing: EASE, fill: 'forwards' },
        );
        anim.onfinish = () => ghost.remove();
        anim.oncancel = () => ghost.remove();
      }
    }
    // The element itself, not a copy: a token that leaves is removed by React but keeps its
    // subtree, and is copied only then (copying every token on every frame cost a frame's worth
    // of main-thread time a second with 1,024 peers).
    const next = new Map<string, { place: Place; token: StageToken; node: Element }>();
    if (canAnimate) {
      for (const t of tokens) {
        const el = els.get(t.id);
        if (el) next.set(t.id, { place: { x: t.x, y: t.y }, token: t, node: el });
      }
    }
    prev.current = next;
  }, [svgRef, exitRef, tokens, animate, origin, sink, via]);

  useLayoutEffect(() => {
    const r = running;
    return () => {
      for (const x of r.current.values()) x.anim.cancel();
      r.current.clear();
    };
  }, []);
}
