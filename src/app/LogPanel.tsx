import { useEffect, useId, useRef, useState } from 'react';
import type { TraceEvent } from '../model/index.ts';
import { LOG_FILTERS, type LogFilter } from '../store/appStore.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { LOG_LIMIT, filterEvents, traceQuery } from './logFilter.ts';
import { usePlayback } from './PlaybackProvider.tsx';
import { usePlaybackValue } from './usePlaybackState.ts';
import { useOnScreen } from './useOnScreen.ts';
import { useThrottled } from './useThrottled.ts';
import { EventLog } from '../views/index.ts';

/** While playing, the log's events refresh at most this often (its position at ~10 Hz). */
const PLAYING_FETCH_MS = 300;

/** The event log of one lane at a time (tabs), filtered by kind. */
export function LogPanel() {
  const { session } = usePlayback();
  const playing = usePlaybackValue((v) => v.mode === 'playing');
  // The lanes' variants (one string, so a new snapshot alone does not re-render the log).
  const laneNames = useAppStore(
    (s) => s.frame.snapshot?.pair.lanes.map((l) => l.variant).join(' ') ?? null,
  );
  const lane = useAppStore((s) => s.logLane);
  const latestPosition = useAppStore((s) => s.frame.snapshot?.pair.lanes[lane]?.position ?? 0);
  const filter = useAppStore((s) => s.logFilter);
  const setLane = useAppStore((s) => s.setLogLane);
  const setFilter = useAppStore((s) => s.setLogFilter);
  const [events, setEvents] = useState<TraceEvent[]>([]);
  const filterId = useId();
  const tabIds = [useId(), useId()];
  const panelId = useId();
  // Scrolled away, the log holds its place (and the polling below finds nothing new to fetch).
  const [sectionRef, onScreen] = useOnScreen<HTMLElement>();
  const lanePosition = useThrottled(latestPosition, playing, !onScreen);
  const lanes = laneNames === null ? null : laneNames.split(' ');

  // The position the log should show, read by the polling below without restarting it.
  const latest = useRef(lanePosition);
  useEffect(() => {
    latest.current = lanePosition;
  });
  // Paused, every move fetches; playing, the interval does.
  const pausedPosition = playing ? -1 : lanePosition;

  useEffect(() => {
    let live = true;
    let shown = -1;
    const fetch = () => {
      const to = latest.current;
      if (to === shown) return;
      shown = to;
      session.getTrace(lane, 0, to, traceQuery(filter)).then(
        (ev) => {
          if (live) setEvents(filterEvents(ev, filter));
        },
        () => {
          // The run changed under the request; the next position asks again.
        },
      );
    };
    fetch();
    // While playing, refresh at most every PLAYING_FETCH_MS; paused, on every move.
    const timer = playing ? setInterval(fetch, PLAYING_FETCH_MS) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [session, lane, playing, filter, pausedPosition]);

  if (!lanes) return null;
  const shown = events;
  return (
    <section ref={sectionRef} className="log-section" aria-labelledby="log-heading">
      <div className="log-head">
        <h2 id="log-heading">Event log</h2>
        <div role="tablist" aria-label="Lane of the event log" className="tabs">
          {lanes.map((variant, i) => (
            <button
              key={i}
              id={tabIds[i]}
              type="button"
              role="tab"
              aria-selected={i === lane}
              aria-controls={panelId}
              tabIndex={i === lane ? 0 : -1}
              onClick={() => setLane(i)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const next = (i + (e.key === 'ArrowRight' ? 1 : lanes.length - 1)) % lanes.length;
                  setLane(next);
                  document.getElementById(tabIds[next] ?? '')?.focus();
                }
              }}
            >
              {variant}
            </button>
          ))}
        </div>
        <div className="field">
          <label htmlFor={filterId}>Show</label>
          <select
            id={filterId}
            value={filter}
            onChange={(e) => setFilter(e.target.value as LogFilter)}
          >
            {LOG_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint">
        The last {LOG_LIMIT} {filter === 'all' ? '' : 'matching '}events up to the position.
      </p>
      <div role="tabpanel" id={panelId} aria-labelledby={tabIds[lane]} className="log-panel">
        {shown.length === 0 ? (
          <p className="placeholder">
            {filter === 'all' ? 'No events yet.' : 'No matching events so far.'}
          </p>
        ) : (
          <EventLog
            events={shown}
            position={lanePosition}
            showFilters={false}
            lane={lane}
            label={`Event log of ${lanes[lane] ?? `lane ${lane + 1}`}`}
          />
        )}
      </div>
    </section>
  );
}
