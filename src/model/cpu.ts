/**
 * CPU contention: one model for the kernel's per-CPU kworkers and for the OpenVPN process,
 * expressed in what a user knows about their rig: the CPU count, the CPU hogs running
 * (`stress-ng --cpu N` starts N nice-0 busy loops) and the kernel's HZ.
 *
 * A nice-0 task competes with the hogs on its CPU under EEVDF (Linux 6.6+): the base slice is
 * 0.75 ms × (1 + ilog2(min(CPUs, 8))), and with HRTICK off a running task is preempted only at
 * a tick, so a hog keeps the CPU for its slice rounded up to whole ticks. A task that wakes
 * waits up to a slice behind each hog on its CPU (about 0-4 ms per hog at HZ 250), plus the
 * idle wake-up latency; a task that used a whole slice waits while each hog runs one. Per-CPU
 * kworkers cannot leave their CPU; OpenVPN can, so it competes only when every CPU has a hog.
 * See ARCHITECTURE.md, "Kernel pacing", for the sources and what is unverified.
 */
import { expUs, uniform, type RngState } from './rng.ts';
import type { SimSettings } from './settings.ts';

/** The EEVDF base slice on `cpus` CPUs, microseconds (sysctl_sched_base_slice scaled). */
export function baseSliceUs(cpus: number): number {
  const factor = 1 + Math.floor(Math.log2(Math.min(Math.max(cpus, 1), 8)));
  return 750 * factor;
}

/** One tick, microseconds. */
export function tickUs(hz: number): number {
  return 1_000_000 / hz;
}

/** How long a hog keeps the CPU: its slice, enforced at the next tick. */
export function sliceUs(s: Pick<SimSettings, 'cpus' | 'hz'>): number {
  const tick = tickUs(s.hz);
  return Math.ceil(baseSliceUs(s.cpus) / tick) * tick;
}

/**
 * Hogs on each CPU: an even share, the remainder on CPUs drawn at random (the load balancer
 * spreads stress-ng's workers; which CPUs get one more differs per run).
 */
export function hogsPerCpu(cpus: number, hogs: number, rng: RngState): number[] {
  const each = Math.floor(hogs / cpus);
  const out = new Array<number>(cpus).fill(each);
  const order = Array.from({ length: cpus }, (_, i) => i);
  for (let i = cpus - 1; i > 0; i--) {
    const j = Math.floor(uniform(rng) * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let k = 0; k < hogs % cpus; k++) out[order[k]!]!++;
  return out;
}

/**
 * The wait of a task woken on a CPU with `hogs` hogs before it runs, microseconds: up to a
 * slice behind each hog (the running one finishes its slice; the others run first when their
 * virtual deadlines are earlier), plus the wake-up latency.
 */
export function wakeWaitUs(rng: RngState, hogs: number, slice: number, wakeUs: number): number {
  let behind = 0;
  for (let h = 0; h < hogs; h++) behind += uniform(rng) * slice;
  return Math.round(behind) + expUs(rng, wakeUs);
}

/**
 * Hogs OpenVPN competes with: none while some CPU is free of hogs (the scheduler moves it
 * there), else the average per CPU, drawn as the whole number below or above it.
 */
export function openvpnHogs(rng: RngState, cpus: number, hogs: number): number {
  if (hogs < cpus) return 0;
  const mean = hogs / cpus;
  const whole = Math.floor(mean);
  return whole + (uniform(rng) < mean - whole ? 1 : 0);
}

/** The wait of a task that used up its slice: each hog on its CPU runs one slice first. */
export function sliceWaitUs(hogs: number, slice: number): number {
  return hogs * slice;
}
