/**
 * The byte view's model, pure: the field tree flattened into the rows shown (by which nodes
 * are expanded), and the hex dump's rows with the highlighted range cut out of them.
 */
import type { WireField } from '../../model/index.ts';

export interface TreeRow {
  /** Path of child indexes from the top ("0", "3.1"): the row's identity. */
  id: string;
  field: WireField;
  level: number;
  posinset: number;
  setsize: number;
  parent: string | null;
  hasChildren: boolean;
  expanded: boolean;
}

export function visibleRows(
  fields: readonly WireField[],
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (list: readonly WireField[], level: number, parent: string | null) => {
    list.forEach((field, k) => {
      const id = parent === null ? String(k) : `${parent}.${k}`;
      const hasChildren = (field.children?.length ?? 0) > 0;
      const open = hasChildren && expanded.has(id);
      out.push({
        id,
        field,
        level,
        posinset: k + 1,
        setsize: list.length,
        parent,
        hasChildren,
        expanded: open,
      });
      if (open) walk(field.children!, level + 1, id);
    });
  };
  walk(fields, 1, null);
  return out;
}

/**
 * What opens first: every top-level field of a one-message datagram and its attributes'
 * nests; of a dump part (its fields are messages), only the first message.
 */
export function initialExpanded(fields: readonly WireField[]): Set<string> {
  const open = new Set<string>();
  const multi = fields.length > 0 && fields[0]!.name.startsWith('message ');
  const openNests = (list: readonly WireField[], prefix: string) => {
    list.forEach((f, k) => {
      const id = prefix === '' ? String(k) : `${prefix}.${k}`;
      if (f.children?.some((c) => (c.children?.length ?? 0) > 0 && c.name.startsWith('OVPN'))) {
        open.add(id);
      }
    });
  };
  if (multi) {
    open.add('0');
    openNests(fields[0]!.children ?? [], '0');
  } else openNests(fields, '');
  return open;
}

export const BYTES_PER_ROW = 16;

export interface HexRow {
  offset: number;
  /** Hex text before, inside and after the highlighted range. */
  hex: [string, string, string];
  ascii: [string, string, string];
}

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
const hex2 = (b: number) => b.toString(16).padStart(2, '0');

export function hexRows(bytes: Uint8Array, from: number, to: number): HexRow[] {
  const rows: HexRow[] = [];
  for (let at = 0; at < bytes.length; at += BYTES_PER_ROW) {
    const end = Math.min(bytes.length, at + BYTES_PER_ROW);
    const hex: [string[], string[], string[]] = [[], [], []];
    const ascii: [string[], string[], string[]] = [[], [], []];
    for (let k = at; k < end; k++) {
      const part = k < from ? 0 : k < to ? 1 : 2;
      hex[part].push(hex2(bytes[k]!));
      ascii[part].push(printable(bytes[k]!));
    }
    const joinHex = (p: 0 | 1 | 2) => hex[p].join(' ');
    rows.push({
      offset: at,
      hex: [joinHex(0), joinHex(1), joinHex(2)],
      ascii: [ascii[0].join(''), ascii[1].join(''), ascii[2].join('')],
    });
  }
  return rows;
}

export function offsetText(n: number): string {
  return n.toString(16).padStart(4, '0');
}
