/**
 * The narration line of one lane: every event of the step in plain words, with the last one
 * announced politely. Announcements are throttled (at most one a second, the latest wins) so
 * playback does not flood a screen reader.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { TraceEvent } from '../model/index.ts';
import { narrationText } from './narrationModel.ts';
import './theme.css';
import './narration.css';

export interface NarrationProps {
  events: TraceEvent[];
  /** The lane's name (or number), for the region's label: "2.6.14 (as shipped)". */
  lane: string | number;
  /** Least time between two announcements, ms. */
  throttleMs?: number;
  /**
   * Whether this component announces (aria-live="polite"). Pass false when the caller wraps
   * it in a live region of its own, so nothing is announced twice.
   */
  live?: boolean;
}

export function Narration({ events, lane, throttleMs = 1000, live = true }: NarrationProps) {
  const { lines, omitted, announce } = narrationText(events);
  const [spoken, setSpoken] = useState(announce);
  const lastAt = useRef(0);
  const headingId = useId();

  useEffect(() => {
    const wait = lastAt.current + throttleMs - Date.now();
    const speak = () => {
      lastAt.current = Date.now();
      setSpoken(announce);
    };
    if (wait <= 0) {
      speak();
      return;
    }
    const t = setTimeout(speak, wait);
    return () => clearTimeout(t);
  }, [announce, throttleMs]);

  const last = lines[lines.length - 1];
  return (
    <section className="v-narration" aria-labelledby={headingId}>
      <h3 id={headingId} className="v-sr-only">
        Narration, {typeof lane === 'number' ? `lane ${lane + 1}` : lane}
      </h3>
      {lines.length > 1 && (
        <ol className="v-narration-earlier" aria-label="Earlier events of this step">
          {omitted > 0 && <li className="v-narration-omitted">… {omitted} earlier events</li>}
          {lines.slice(0, -1).map((l) => (
            <li key={l.i}>{l.text}</li>
          ))}
        </ol>
      )}
      <p className="v-narration-line" aria-hidden={live ? 'true' : undefined}>
        {last ? last.text : 'Nothing has happened yet.'}
      </p>
      {live && (
        <p className="v-sr-only" aria-live="polite" aria-atomic="true">
          {spoken}
        </p>
      )}
    </section>
  );
}
