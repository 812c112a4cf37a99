/**
 * A grid of cells by peer id, coloured by state: SVG (one path per state) up to SVG_MAX_CELLS,
 * a canvas above, painted in an effect only when the cells' content, size or theme change.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../model/index.ts';
import { useElementWidth } from '../useElementWidth.ts';
import { useThemeVersion } from '../useThemeVersion.ts';
import {
  SVG_MAX_CELLS,
  cellAt,
  cellOrigin,
  cellPaths,
  countCodes,
  gridLayout,
  sameCells,
  type GridLayout,
} from './gridLayout.ts';
import { styleOf, type CellStyle } from './palettes.ts';
import './grid.css';

export interface CellGridProps {
  cells: Uint8Array;
  styles: CellStyle[];
  /** Accessible name of the picture, e.g. "Kernel peer table". */
  label: string;
  /** One sentence for screen readers (the picture's description). */
  summary: string;
  /** What one cell is, for the hover line: "peer", "instance". */
  noun: string;
  /** Cells touched by the current step, outlined. */
  highlight?: readonly number[];
  /** Force the canvas renderer (otherwise chosen by cell count). */
  canvas?: boolean;
  /** A click on a cell (the pointer's shortcut; the page offers a keyboard path beside it). */
  onCellClick?: (id: number) => void;
  /** What a click does, for the hover line: "click to expire it now". */
  clickHint?: string;
}

const MAX_HIGHLIGHT = 64;

function CellGridImpl({
  cells,
  styles,
  label,
  summary,
  noun,
  highlight,
  canvas,
  onCellClick,
  clickHint,
}: CellGridProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(wrapRef, 300);
  const layout = useMemo(() => gridLayout(cells.length, { width }), [cells.length, width]);
  const useCanvas = canvas ?? cells.length > SVG_MAX_CELLS;
  const [hover, setHover] = useState(-1);
  const descId = useId();
  const counts = useMemo(() => countCodes(cells), [cells]);

  const onMove = (ev: React.PointerEvent<HTMLDivElement>) => {
    const box = ev.currentTarget.getBoundingClientRect();
    setHover(cellAt(layout, ev.clientX - box.left, ev.clientY - box.top));
  };
  const hoverStyle = hover >= 0 ? styleOf(styles, cells[hover] ?? 0) : undefined;
  const onClick = (ev: React.MouseEvent<HTMLDivElement>) => {
    if (!onCellClick) return;
    const box = ev.currentTarget.getBoundingClientRect();
    const id = cellAt(layout, ev.clientX - box.left, ev.clientY - box.top);
    if (id >= 0 && id < cells.length) onCellClick(id);
  };

  return (
    <div className="v-grid">
      <div
        ref={wrapRef}
        className={onCellClick ? 'v-grid-area is-clickable' : 'v-grid-area'}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(-1)}
        onClick={onClick}
      >
        {useCanvas ? (
          <GridCanvas
            cells={cells}
            styles={styles}
            layout={layout}
            label={label}
            descId={descId}
            highlight={highlight}
          />
        ) : (
          <GridSvg
            cells={cells}
            styles={styles}
            layout={layout}
            label={label}
            descId={descId}
            highlight={highlight}
          />
        )}
      </div>
      <p id={descId} className="v-grid-summary">
        {summary}
      </p>
      <ul className="v-grid-legend" aria-label={`${label} legend`}>
        {styles
          .filter((s) => !s.quiet || (counts.get(s.code) ?? 0) > 0)
          .map((s) => (
            <li key={s.code}>
              <svg width="10" height="10" aria-hidden="true" className="v-swatch">
                <rect width="10" height="10" className={`v-cell--${s.key}`} />
                {s.hatch && <path d="M0 10L10 0M-2 2L2 -2M8 12L12 8" className="v-hatch-line" />}
              </svg>
              {s.label} {formatCount(counts.get(s.code) ?? 0)}
            </li>
          ))}
      </ul>
      <p className="v-grid-hover" aria-hidden="true">
        {hover >= 0 && hoverStyle
          ? `${noun} ${hover}: ${hoverStyle.label}${clickHint ? ` (${clickHint})` : ''}`
          : '\u00a0'}
      </p>
    </div>
  );
}

interface RenderProps {
  cells: Uint8Array;
  styles: CellStyle[];
  layout: GridLayout;
  label: string;
  descId: string;
  highlight?: readonly number[] | undefined;
}

function GridSvg({ cells, styles, layout, label, descId, highlight }: RenderProps) {
  const hatchId = useId();
  const paths = useContentMemo(cells, layout);
  const hl = (highlight ?? []).slice(0, MAX_HIGHLIGHT).filter((i) => i < layout.count);
  return (
    <svg
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={label}
      aria-describedby={descId}
      className="v-grid-svg"
    >
      <defs>
        <pattern id={hatchId} width="4" height="4" patternUnits="userSpaceOnUse">
          <path d="M0 4L4 0M-1 1L1 -1M3 5L5 3" className="v-hatch-line" />
        </pattern>
      </defs>
      {styles.map((s) => {
        const d = paths.get(s.code);
        if (!d) return null;
        return (
          <g key={s.code}>
            <path d={d} className={`v-cell--${s.key}`} />
            {s.hatch && <path d={d} fill={`url(#${hatchId})`} />}
          </g>
        );
      })}
      {hl.map((i) => {
        const { x, y } = cellOrigin(layout, i);
        return (
          <rect
            key={i}
            x={x - 0.5}
            y={y - 0.5}
            width={layout.cell + 1}
            height={layout.cell + 1}
            className="v-cell-hl"
          />
        );
      })}
    </svg>
  );
}

/**
 * The cells' SVG paths, rebuilt only when the cells' content or the layout change (the worker
 * sends a fresh array with every snapshot, usually with the same content).
 */
function useContentMemo(cells: Uint8Array, layout: GridLayout): Map<number, string> {
  const cache = useRef<{ cells: Uint8Array; layout: GridLayout; paths: Map<number, string> }>(null);
  const c = cache.current;
  if (c && c.layout === layout && sameCells(c.cells, cells)) return c.paths;
  const paths = cellPaths(cells, layout);
  cache.current = { cells: cells.slice(), layout, paths };
  return paths;
}

/** Paints the canvas; skips the work when nothing it depends on changed since the last paint. */
function GridCanvas({ cells, styles, layout, label, descId, highlight }: RenderProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useThemeVersion();
  const last = useRef<{ cells: Uint8Array; layout: GridLayout; theme: number; hl: string } | null>(
    null,
  );
  const hlKey = (highlight ?? []).slice(0, MAX_HIGHLIGHT).join(',');
  const colors = useRef<GridColors | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const prev = last.current;
    if (
      prev &&
      prev.layout === layout &&
      prev.theme === theme &&
      prev.hl === hlKey &&
      sameCells(prev.cells, cells)
    )
      return;
    // colours are read once per theme and styles (computed style every frame forces a layout)
    if (!colors.current || colors.current.theme !== theme || colors.current.styles !== styles)
      colors.current = readColors(el, styles, theme);
    last.current = { cells: cells.slice(), layout, theme, hl: hlKey };
    paintGrid(el, cells, styles, layout, hlKey, colors.current);
  }, [cells, styles, layout, theme, hlKey]);

  return (
    <canvas
      ref={ref}
      role="img"
      aria-label={label}
      aria-describedby={descId}
      className="v-grid-canvas"
    />
  );
}

interface GridColors {
  theme: number;
  styles: CellStyle[];
  color: Map<number, string>;
  stripe: string;
  fg: string;
}

function readColors(el: HTMLElement, styles: CellStyle[], theme: number): GridColors {
  const css = getComputedStyle(el);
  const color = new Map<number, string>();
  for (const s of styles) color.set(s.code, css.getPropertyValue(s.colorVar).trim() || '#888');
  return {
    theme,
    styles,
    color,
    stripe: css.getPropertyValue('--v-ghost-stripe').trim() || '#fff',
    fg: css.getPropertyValue('--v-fg').trim() || '#000',
  };
}

function paintGrid(
  el: HTMLCanvasElement,
  cells: Uint8Array,
  styles: CellStyle[],
  l: GridLayout,
  hlKey: string,
  colors: GridColors,
): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(l.width * dpr));
  const h = Math.max(1, Math.round(l.height * dpr));
  if (el.width !== w) el.width = w;
  if (el.height !== h) el.height = h;
  el.style.setProperty('width', `${l.width}px`);
  el.style.setProperty('height', `${l.height}px`);
  const ctx = el.getContext('2d');
  if (!ctx) return;
  const { color, stripe } = colors;
  const hatched = new Set(styles.filter((s) => s.hatch).map((s) => s.code));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, l.width, l.height);
  // batch by colour: one fillStyle change per state, not per cell
  for (const [code, fill] of color) {
    ctx.fillStyle = fill;
    for (let i = 0; i < l.count; i++) {
      if (cells[i] !== code) continue;
      ctx.fillRect((i % l.cols) * l.pitch, Math.floor(i / l.cols) * l.pitch, l.cell, l.cell);
    }
  }
  if (hatched.size > 0) {
    ctx.strokeStyle = stripe;
    ctx.lineWidth = Math.max(0.5, l.cell / 5);
    ctx.beginPath();
    for (let i = 0; i < l.count; i++) {
      if (!hatched.has(cells[i]!)) continue;
      const x = (i % l.cols) * l.pitch;
      const y = Math.floor(i / l.cols) * l.pitch;
      ctx.moveTo(x, y + l.cell);
      ctx.lineTo(x + l.cell, y);
    }
    ctx.stroke();
  }
  if (hlKey) {
    ctx.strokeStyle = colors.fg;
    ctx.lineWidth = 1.5;
    for (const s of hlKey.split(',')) {
      const i = Number(s);
      if (i >= l.count) continue;
      ctx.strokeRect(
        (i % l.cols) * l.pitch - 1,
        Math.floor(i / l.cols) * l.pitch - 1,
        l.cell + 2,
        l.cell + 2,
      );
    }
  }
}

function sameList(a?: readonly number[], b?: readonly number[]): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => v === b[i]);
}

/** Re-renders only when the cells' content (not just the array) or another prop changes. */
export const CellGrid = memo(
  CellGridImpl,
  (a, b) =>
    sameCells(a.cells, b.cells) &&
    a.styles === b.styles &&
    a.label === b.label &&
    a.summary === b.summary &&
    a.noun === b.noun &&
    a.canvas === b.canvas &&
    sameList(a.highlight, b.highlight),
);
