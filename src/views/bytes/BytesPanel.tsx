/**
 * On the wire: the selected datagram's netlink bytes, Wireshark-like. A field tree (nlmsghdr,
 * genlmsghdr, nested attributes) beside a hex dump; pointing at or focusing a field highlights
 * its bytes. The tree is one tab stop: arrows move, Right/Left open and close, Home/End jump.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  DEFAULT_SETTINGS,
  FAMILY_NAMES,
  encodeDatagram,
  formatCount,
  wireContext,
  type WireMessage,
} from '../../model/index.ts';
import type { LaneView } from '../../protocol/view.ts';
import { hexRows, initialExpanded, offsetText, visibleRows, type TreeRow } from './byteTree.ts';
import { datagramTitle } from './datagramOf.ts';
import { closeBytes, useBytesSelection } from './selection.ts';
import '../theme.css';
import './bytes.css';

export interface BytesPanelProps {
  /** The lanes shown, so a selection's lane gives its netlink family. */
  lanes: readonly LaneView[];
  laneTitles: readonly string[];
  reducedMotion?: boolean;
}

export function BytesPanel({ lanes, laneTitles, reducedMotion = false }: BytesPanelProps) {
  const sel = useBytesSelection();
  const view = sel ? lanes[sel.lane] : undefined;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  const msg = useMemo((): { wire: WireMessage; family: string } | null => {
    if (!sel || !view) return null;
    const kernel = view.kernel.flavour;
    const ctx = {
      ...wireContext({ ...DEFAULT_SETTINGS, variant: view.variant, kernel }),
      requests: sel.requests,
    };
    return { wire: encodeDatagram(sel.dg, ctx), family: FAMILY_NAMES[ctx.family] };
  }, [sel, view]);

  useEffect(() => {
    if (!sel) return;
    const h = headingRef.current;
    if (!h) return;
    h.scrollIntoView({ block: 'nearest', behavior: reducedMotion ? 'auto' : 'smooth' });
    h.focus({ preventScroll: true });
  }, [sel, reducedMotion]);

  if (!sel || !msg) return null;
  return (
    <section className="v-panel v-bytes" aria-labelledby={headingId} data-testid="bytes-panel">
      <div className="v-bytes-head">
        <h3 id={headingId} ref={headingRef} tabIndex={-1}>
          On the wire <span className="v-sub">{datagramTitle(sel.dg)}</span>
        </h3>
        <button type="button" className="v-bytes-close" onClick={closeBytes}>
          Close
        </button>
      </div>
      <p className="v-bytes-meta">
        {laneTitles[sel.lane] ?? `lane ${sel.lane + 1}`} · from the {sel.source} ·{' '}
        {formatCount(msg.wire.bytes.length)} bytes of family <code>{msg.family}</code>
        {sel.dg.truesize > 0 && <> · charged {formatCount(sel.dg.truesize)} bytes (truesize)</>}
      </p>
      <ByteView key={`${sel.serial}`} wire={msg.wire} reducedMotion={reducedMotion} />
    </section>
  );
}

function ByteView({ wire, reducedMotion }: { wire: WireMessage; reducedMotion: boolean }) {
  const [expanded, setExpanded] = useState(() => initialExpanded(wire.fields));
  const rows = useMemo(() => visibleRows(wire.fields, expanded), [wire.fields, expanded]);
  const [active, setActive] = useState<string>('0');
  const [hover, setHover] = useState<string | null>(null);
  const [treeFocused, setTreeFocused] = useState(false);
  const treeId = useId();
  const itemRefs = useRef(new Map<string, HTMLDivElement>());
  const hexRef = useRef<HTMLDivElement>(null);

  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const activeRow = byId.get(active) ?? rows[0];
  const lit = (hover ? byId.get(hover) : undefined) ?? (treeFocused ? activeRow : undefined);
  const from = lit ? lit.field.offset : 0;
  const to = lit ? lit.field.offset + lit.field.length : 0;
  const hex = useMemo(() => hexRows(wire.bytes, from, to), [wire.bytes, from, to]);

  // keep the highlighted bytes in view of the hex dump
  useEffect(() => {
    if (!lit) return;
    const box = hexRef.current;
    const row = box?.querySelector<HTMLElement>(`[data-row="${Math.floor(from / 16)}"]`);
    if (!box || !row) return;
    const top = row.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + row.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTo({ top: Math.max(0, top - 16), behavior: reducedMotion ? 'auto' : 'smooth' });
    }
  }, [lit, from, reducedMotion]);

  const focusRow = (r: TreeRow | undefined) => {
    if (!r) return;
    setActive(r.id);
    itemRefs.current.get(r.id)?.focus();
  };
  const toggle = (r: TreeRow, open: boolean) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (open) n.add(r.id);
      else n.delete(r.id);
      return n;
    });

  const onKey = (ev: React.KeyboardEvent) => {
    const k = rows.findIndex((r) => r.id === activeRow?.id);
    const r = rows[k];
    if (!r) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusRow(rows[k + 1]),
      ArrowUp: () => focusRow(rows[k - 1]),
      Home: () => focusRow(rows[0]),
      End: () => focusRow(rows[rows.length - 1]),
      ArrowRight: () => {
        if (!r.hasChildren) return;
        if (!r.expanded) toggle(r, true);
        else focusRow(rows[k + 1]);
      },
      ArrowLeft: () => {
        if (r.hasChildren && r.expanded) toggle(r, false);
        else if (r.parent !== null) focusRow(byId.get(r.parent));
      },
      Enter: () => r.hasChildren && toggle(r, !r.expanded),
      ' ': () => r.hasChildren && toggle(r, !r.expanded),
    };
    const f = keys[ev.key];
    if (f) {
      ev.preventDefault();
      f();
    }
  };

  return (
    <div className="v-bytes-body">
      <div
        role="tree"
        id={treeId}
        aria-label="Fields"
        className="v-bytes-tree"
        onKeyDown={onKey}
        onFocus={() => setTreeFocused(true)}
        onBlur={() => setTreeFocused(false)}
        onPointerLeave={() => setHover(null)}
      >
        {rows.map((r) => (
          <div
            key={r.id}
            ref={(el) => {
              if (el) itemRefs.current.set(r.id, el);
              else itemRefs.current.delete(r.id);
            }}
            role="treeitem"
            aria-level={r.level}
            aria-posinset={r.posinset}
            aria-setsize={r.setsize}
            aria-expanded={r.hasChildren ? r.expanded : undefined}
            aria-selected={r.id === activeRow?.id}
            tabIndex={r.id === activeRow?.id ? 0 : -1}
            data-level={Math.min(r.level, 8)}
            data-field={r.field.name}
            className={`v-bytes-item${lit?.id === r.id ? ' is-lit' : ''}`}
            onPointerEnter={() => setHover(r.id)}
            onClick={() => {
              setActive(r.id);
              if (r.hasChildren) toggle(r, !r.expanded);
            }}
          >
            <span className="v-bytes-twisty" aria-hidden="true">
              {r.hasChildren ? (r.expanded ? '\u25be' : '\u25b8') : ''}
            </span>
            <span className="v-bytes-name">{r.field.name}</span>
            <span className="v-bytes-value">{r.field.value}</span>
            <span className="v-bytes-range">
              {r.field.length} B @ {r.field.offset}
            </span>
          </div>
        ))}
      </div>
      <div
        ref={hexRef}
        className="v-bytes-hex"
        role="region"
        aria-label={
          lit ? `Hex dump, ${lit.field.name} highlighted: bytes ${from} to ${to - 1}` : 'Hex dump'
        }
        tabIndex={0}
      >
        {hex.map((row) => (
          <div key={row.offset} className="v-bytes-row" data-row={row.offset / 16}>
            <span className="v-bytes-off">{offsetText(row.offset)}</span>
            <span className="v-bytes-hexcol">
              <Segments parts={row.hex} sep=" " />
            </span>
            <span className="v-bytes-ascii">
              <Segments parts={row.ascii} sep="" />
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

function Segments({ parts, sep }: { parts: [string, string, string]; sep: string }) {
  const [a, b, c] = parts;
  return (
    <>
      {a}
      {a && (b || c) ? sep : ''}
      {b && <mark className="v-bytes-mark">{b}</mark>}
      {b && c ? sep : ''}
      {c}
    </>
  );
}
