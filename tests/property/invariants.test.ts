/**
 * ARCHITECTURE.md's invariants over random settings, for every variant.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VARIANT_IDS } from '../../src/model/index.ts';
import { FC_SEED, overflowArb, settingsArb } from './arbitraries.ts';
import { checkRun, exitMarginUs, type RunCheck } from './checkRun.ts';

const NUM_RUNS = 60;

/** Invariant 4: an overflow drop leads to a process exit, and only an overflow does. */
function expectExitOnOverflow({ st, firstDropUs }: RunCheck): void {
  const c = st.counters;
  if (c.dropped > 0 && st.exited === null) {
    expect(firstDropUs).not.toBeNull();
    // the run ended before the loop could get to its next read
    expect(firstDropUs!).toBeGreaterThan(st.untilUs - exitMarginUs(st));
  }
  // a dropped notification, a dropped reply, or a dump that found no room for its first part
  // (answered with ENOBUFS, which libnl maps to the same NLE_NOMEM) is the only way out
  if (st.exited !== null) {
    expect(c.dropped + c.droppedReplies + c.dumpPartsRefused).toBeGreaterThan(0);
    expect(c.nleNomem).toBe(1);
    expect(st.exited.reason).toMatch(/NLE_NOMEM/);
    if (firstDropUs !== null) expect(firstDropUs).toBeLessThanOrEqual(st.exited.atUs);
  }
}

describe(`invariants over random settings (fast-check seed ${FC_SEED})`, () => {
  for (const variant of VARIANT_IDS) {
    it(`${variant}: conservation, ghost origins, refusals, reaps and sync hold at every step; every drop leads to an exit`, () => {
      // how often the conditional invariants were actually exercised
      let synced = 0;
      let withGhosts = 0;
      let withReaps = 0;
      fc.assert(
        fc.property(settingsArb(variant), (settings) => {
          const run = checkRun(settings);
          if (run.quietChecks > 0) synced++;
          if (run.st.counters.ghostsCreated > 0) withGhosts++;
          if (run.st.counters.reapedByTls > 0) withReaps++;
          expectExitOnOverflow(run);
        }),
        { numRuns: NUM_RUNS, seed: FC_SEED },
      );
      if (['2.6.20', '2.7', 'fix-no-lock'].includes(variant)) expect(synced).toBeGreaterThan(0);
      if (variant === '2.6.14' || variant === '2.7-prefix') {
        expect(withGhosts).toBeGreaterThan(0);
        expect(withReaps).toBeGreaterThan(0);
      }
    });
  }
});

describe(`invariant 4 under forced overflow (fast-check seed ${FC_SEED})`, () => {
  for (const variant of VARIANT_IDS) {
    it(`${variant}: a burst larger than the receive buffer drops, and every drop leads to an exit`, () => {
      let withDrops = 0;
      fc.assert(
        fc.property(overflowArb(variant), (settings) => {
          const run = checkRun(settings);
          if (run.st.counters.dropped > 0) withDrops++;
          expectExitOnOverflow(run);
        }),
        { numRuns: 25, seed: FC_SEED },
      );
      // the space really overflows: most of these runs drop notifications
      expect(withDrops).toBeGreaterThan(10);
    });
  }
});
