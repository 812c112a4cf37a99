/**
 * Cell codes (protocol/view.ts PEER.*, INST.*) to label, CSS class and theme variable. The SVG
 * grid uses the class, the canvas reads the variable; ghosts also get a hatch pattern.
 */
import { INST, PEER } from '../../protocol/view.ts';

export interface CellStyle {
  code: number;
  label: string;
  /** Class suffix: v-cell--<key>. */
  key: string;
  /** Theme variable holding the fill colour. */
  colorVar: string;
  /** Draw a hatch over the fill (ghosts: never colour alone). */
  hatch?: boolean;
  /** Leave out of the legend (empty cells). */
  quiet?: boolean;
}

export const PEER_STYLES: CellStyle[] = [
  { code: PEER.none, label: 'no peer', key: 'empty', colorVar: '--v-empty', quiet: true },
  { code: PEER.alive, label: 'alive', key: 'alive', colorVar: '--v-alive' },
  { code: PEER.armed, label: 'timer armed', key: 'armed', colorVar: '--v-armed' },
  {
    code: PEER.deleting,
    label: 'expired, DEL_PEER to send',
    key: 'deleting',
    colorVar: '--v-deleting',
  },
];

export const INST_STYLES: CellStyle[] = [
  { code: INST.free, label: 'free', key: 'empty', colorVar: '--v-empty', quiet: true },
  { code: INST.halfOpen, label: 'half-open', key: 'half-open', colorVar: '--v-half-open' },
  { code: INST.connected, label: 'connected', key: 'connected', colorVar: '--v-connected' },
  { code: INST.closing, label: 'kernel peer gone', key: 'closing', colorVar: '--v-closing' },
  { code: INST.ghost, label: 'ghost', key: 'ghost', colorVar: '--v-ghost', hatch: true },
];

export function styleOf(styles: CellStyle[], code: number): CellStyle | undefined {
  return styles.find((s) => s.code === code);
}
