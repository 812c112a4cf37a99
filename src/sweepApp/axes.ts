/**
 * How the sweep's axes read on the page: their names in the row / column pickers, a value as a
 * table header and as a phrase (captions and button labels), and the data attribute that tags a
 * heatmap cell with it. Pure.
 */
import { loadName } from '../model/index.ts';
import { hogsText, rxCpusText, type AxisValue, type SweepAxis } from '../sweep/grid.ts';

/** The pickers' names of the axes. */
export const AXIS_LABEL: Record<SweepAxis, string> = {
  variant: 'variant',
  peers: 'peer count',
  load: 'load',
  batch: 'batch size',
  rxCpus: 'receive CPUs',
  hogs: 'CPU hogs',
};

/** The heatmap's corner header names the axes briefly: "load \ batch". */
export const AXIS_SHORT: Record<SweepAxis, string> = {
  variant: 'variant',
  peers: 'peers',
  load: 'load',
  batch: 'batch',
  rxCpus: 'rx CPUs',
  hogs: 'hogs',
};

/** The data attribute of a heatmap cell holding its value of an axis (data-rx-cpus="1"). */
export const AXIS_DATA: Record<SweepAxis, string> = {
  variant: 'data-variant',
  peers: 'data-peers',
  load: 'data-load',
  batch: 'data-batch',
  rxCpus: 'data-rx-cpus',
  hogs: 'data-hogs',
};

/** "low (0.25)" for a named level, else the number. */
export function loadLabel(load: number): string {
  const name = loadName(load);
  return name === String(load) ? String(load) : `${name} (${load})`;
}

/** A value as a row or column header: "low (0.25)", "auto", "16", "from load". */
export function axisHeader(axis: SweepAxis, v: AxisValue): string {
  if (axis === 'load') return loadLabel(v as number);
  if (axis === 'hogs' && (v as number) < 0) return 'from load';
  return String(v);
}

/** A value as a phrase: "load low (0.25)", "batch auto", "1 receive CPU", "hogs from the load". */
export function axisPhrase(axis: SweepAxis, v: AxisValue): string {
  switch (axis) {
    case 'variant':
      return String(v);
    case 'peers':
      return `${v} peers`;
    case 'load':
      return `load ${loadLabel(v as number)}`;
    case 'batch':
      return `batch ${v}`;
    case 'rxCpus':
      return rxCpusText(v as number);
    case 'hogs':
      return hogsText(v as number);
  }
}
