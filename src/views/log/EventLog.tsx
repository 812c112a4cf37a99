/**
 * The event log: every trace event in plain words, filterable by kind and outcome, virtualized
 * (only the rows in view are rendered, so 50,000 events are cheap), with the current position
 * highlighted and followed. Keyboard: arrows, Page Up/Down, Home/End move the cursor, Enter
 * selects (onSelect receives the event's step index `i`).
 */
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatSeconds, narrate, type TraceEvent } from '../../model/index.ts';
import {
  ALL_GROUPS,
  KIND_GROUP_NAMES,
  KIND_LABELS,
  OUTCOME_FILTERS,
  OUTCOME_FILTER_NAMES,
  filterEvents,
  rowAtOrBefore,
  scrollToRow,
  virtualWindow,
  type KindGroup,
  type OutcomeFilter,
} from './eventLogModel.ts';
import { EventBytesButton } from '../bytes/pickers.tsx';
import '../theme.css';
import './eventlog.css';

export interface EventLogProps {
  events: TraceEvent[];
  /** Events applied: the current event is the one with step index position - 1. */
  position: number;
  onSelect?: (i: number) => void;
  /** Accessible name of the log, e.g. the lane's title. */
  label?: string;
  /** Show the kind / outcome filters (false when the caller filters `events` itself). */
  showFilters?: boolean;
  /**
   * The lane these events are of: given, the event under the cursor (or the current one) that
   * names a datagram offers its bytes (the byte view, src/views/bytes).
   */
  lane?: number;
}

const ROW_H = 22;
const VIEW_H = 264;
const BAD = new Set(['swallowed', 'overwritten', 'wiped', 'dropped', 'refused', 'exit', 'error']);

export function EventLog({
  events,
  position,
  onSelect,
  label,
  showFilters = true,
  lane,
}: EventLogProps) {
  const [groups, setGroups] = useState<ReadonlySet<KindGroup>>(ALL_GROUPS);
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [cursor, setCursor] = useState(-1);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The box's scroll offset as last written or reported by a scroll event: reading
  // el.scrollTop after a render would force a layout of the whole page on every move.
  const knownTop = useRef(0);
  const sizerRef = useRef<HTMLDivElement>(null);
  const windowRef = useRef<HTMLUListElement>(null);
  const baseId = useId();

  const rows = useMemo(() => filterEvents(events, { groups, outcome }), [events, groups, outcome]);
  const currentRow = rowAtOrBefore(events, rows, position - 1);
  const currentIsExact = currentRow >= 0 && events[rows[currentRow]!]!.i === position - 1;
  const win = virtualWindow(rows.length, ROW_H, scrollTop, VIEW_H);
  const cursorRow = cursor >= 0 && cursor < rows.length ? cursor : currentRow;

  // geometry through the CSSOM (no inline style attributes: CSP style-src 'self')
  useLayoutEffect(() => {
    sizerRef.current?.style.setProperty('height', `${win.total}px`);
    windowRef.current?.style.setProperty('transform', `translateY(${win.offset}px)`);
  }, [win.total, win.offset]);

  // follow the current position
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !follow || currentRow < 0) return;
    const next = scrollToRow(currentRow, ROW_H, knownTop.current, VIEW_H);
    if (next === knownTop.current) return;
    knownTop.current = next;
    el.scrollTop = next;
  }, [follow, currentRow]);

  const moveCursor = (row: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    setCursor(r);
    const el = scrollRef.current;
    if (!el) return;
    knownTop.current = scrollToRow(r, ROW_H, knownTop.current, VIEW_H);
    el.scrollTop = knownTop.current;
  };

  const onKey = (ev: React.KeyboardEvent) => {
    const page = Math.floor(VIEW_H / ROW_H) - 1;
    const from = cursorRow < 0 ? 0 : cursorRow;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveCursor(from + 1),
      ArrowUp: () => moveCursor(from - 1),
      PageDown: () => moveCursor(from + page),
      PageUp: () => moveCursor(from - page),
      Home: () => moveCursor(0),
      End: () => moveCursor(rows.length - 1),
      Enter: () => {
        const k = rows[from];
        if (k !== undefined && onSelect) onSelect(events[k]!.i);
      },
    };
    const f = keys[ev.key];
    if (f && rows.length > 0) {
      ev.preventDefault();
      setFollow(false);
      f();
    }
  };

  const toggle = (g: KindGroup) =>
    setGroups((s) => {
      const n = new Set(s);
      if (n.has(g)) n.delete(g);
      else n.add(g);
      return n;
    });

  const rowId = (row: number) => `${baseId}-row-${row}`;
  const visible = [];
  for (let row = win.first; row < win.last; row++) {
    const k = rows[row]!;
    const e = events[k]!;
    const current = row === currentRow && currentIsExact;
    visible.push(
      <li
        key={e.i}
        id={rowId(row)}
        role="option"
        aria-selected={current}
        className={`v-log-row${current ? ' is-current' : ''}${row === cursorRow ? ' is-cursor' : ''}${BAD.has(e.outcome) ? ' is-bad' : ''}`}
        onClick={() => {
          setCursor(row);
          onSelect?.(e.i);
        }}
      >
        <span className="v-log-i">{e.i}</span>
        <span className="v-log-t">{formatSeconds(e.t, { digits: 6, unit: false })}</span>
        <span className="v-log-outcome">{e.outcome}</span>
        <span className="v-log-text" title={narrate(e)}>
          {narrate(e)}
        </span>
      </li>,
    );
  }

  return (
    <section className="v-log" aria-label={label ? `Event log, ${label}` : 'Event log'}>
      {showFilters && (
        <fieldset className="v-log-filters">
          <legend>Show</legend>
          {KIND_GROUP_NAMES.map((g) => (
            <label key={g}>
              <input type="checkbox" checked={groups.has(g)} onChange={() => toggle(g)} />
              {KIND_LABELS[g]}
            </label>
          ))}
          <label>
            <span className="v-sr-only">Outcome</span>
            <select value={outcome} onChange={(ev) => setOutcome(ev.target.value as OutcomeFilter)}>
              {OUTCOME_FILTER_NAMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_FILTERS[o].label}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      )}
      <p className="v-log-count">
        {formatCount(rows.length)} of {formatCount(events.length)} events
        <label className="v-log-follow">
          <input type="checkbox" checked={follow} onChange={(ev) => setFollow(ev.target.checked)} />
          follow playback
        </label>
      </p>
      <div
        ref={scrollRef}
        className="v-log-scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Trace events"
        aria-activedescendant={cursorRow >= 0 && rows.length > 0 ? rowId(cursorRow) : undefined}
        onScroll={(ev) => {
          knownTop.current = ev.currentTarget.scrollTop;
          setScrollTop(knownTop.current);
        }}
        onKeyDown={onKey}
      >
        <div ref={sizerRef} className="v-log-sizer">
          <ul ref={windowRef} className="v-log-window" role="presentation">
            {visible}
          </ul>
        </div>
      </div>
      {lane !== undefined && cursorRow >= 0 && rows[cursorRow] !== undefined && (
        <EventBytesButton lane={lane} events={events} index={rows[cursorRow]} />
      )}
    </section>
  );
}
