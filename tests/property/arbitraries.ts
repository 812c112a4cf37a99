/**
 * Random settings for the property tests: the space the brief asks to cover, built from
 * independent draws (no chain) so fast-check can shrink every field on its own.
 */
import fc from 'fast-check';
import type { SimSettings, VariantId } from '../../src/model/index.ts';

/** fast-check's own seed: fixed so CI is reproducible; FC_SEED=<n> explores other ones. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20260701);

/** Uniform in [0, 1] in steps of 0.001. */
const perMille = fc.noBias(fc.integer({ min: 0, max: 1000 })).map((n) => n / 1000);

export function settingsArb(variant: VariantId): fc.Arbitrary<Partial<SimSettings>> {
  return fc
    .record({
      seed: fc.integer({ min: -2147483648, max: 2147483647 }),
      // fast-check leans towards small values; mix in uniform draws so big bursts come up too
      peers: fc.oneof(
        fc.integer({ min: 1, max: 200 }),
        fc.noBias(fc.integer({ min: 1, max: 200 })),
      ),
      // fc.double spreads over the float encoding (mostly tiny values): use uniform per-mille
      batch: fc.option(perMille, { nil: undefined }),
      load: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 0.75, 0.9, 1), perMille),
      extraClients: fc.integer({ min: 0, max: 20 }),
      // the default, or uniform over the range (a lean towards 8,000 B would make most runs
      // overflow on their first 17 KiB dump part and end before anything else happens)
      rcvbufBytes: fc.oneof(
        fc.constant(425_984),
        fc.noBias(fc.integer({ min: 8_000, max: 425_984 })),
      ),
      statusIntervalS: fc.integer({ min: 0, max: 5 }),
      reconnect: fc.boolean(),
      kernel: fc.constantFrom('auto', 'ovpn-dco', 'mainline') as fc.Arbitrary<
        SimSettings['kernel']
      >,
      blockAtMs: fc.integer({ min: 0, max: 20_000 }),
      unblockAfterS: fc.option(fc.integer({ min: 30, max: 300 }), { nil: undefined }),
      tls: fc.option(
        fc.record({
          renegSec: fc.integer({ min: 60, max: 600 }),
          tranWindowS: fc.integer({ min: 60, max: 600 }),
        }),
        { nil: undefined },
      ),
      untilS: fc.integer({ min: 150, max: 600 }),
      // the rig: CPUs, hogs (-1: from the load), receive CPUs, HZ, grace periods
      rig: fc.record({
        cpus: fc.integer({ min: 1, max: 64 }),
        hogs: fc.option(perMille, { nil: undefined }),
        rx: perMille,
        hz: fc.constantFrom(100, 250, 300, 1000),
        rcuGpUs: fc.integer({ min: 1_000, max: 50_000 }),
        rcuGpSpread: fc.constantFrom(0, 0.3, 1),
      }),
    })
    .map((r) => {
      const blockAtS = r.blockAtMs / 1000;
      const s: Partial<SimSettings> = {
        variant,
        seed: r.seed,
        peers: r.peers,
        // 'auto', or a whole burst size from 1 to the peer count
        batch: r.batch === undefined ? 'auto' : 1 + Math.floor(r.batch * (r.peers - 1)),
        load: r.load,
        maxClients: r.peers + r.extraClients,
        rcvbufBytes: r.rcvbufBytes,
        statusIntervalS: r.statusIntervalS,
        reconnect: r.reconnect,
        kernel: r.kernel,
        blockAtS,
        unblockAtS: r.unblockAfterS === undefined ? -1 : blockAtS + r.unblockAfterS,
        untilS: r.untilS,
        cpus: r.rig.cpus,
        hogs: r.rig.hogs === undefined ? -1 : Math.floor(r.rig.hogs * 4 * r.rig.cpus),
        rxCpus: 1 + Math.floor(r.rig.rx * (r.rig.cpus - 1)),
        hz: r.rig.hz,
        rcuGpUs: r.rig.rcuGpUs,
        rcuGpSpread: r.rig.rcuGpSpread,
      };
      if (r.tls) {
        s.renegSec = r.tls.renegSec;
        s.tranWindowS = r.tls.tranWindowS;
      }
      return s;
    });
}

/**
 * Settings whose single timer bucket (batch = peers) is larger than the receive buffer holds,
 * on an idle rig whose flows spread over every CPU, so each grace period releases a cluster
 * the buffer cannot take and the kernel has to drop: the space where invariant 4 matters.
 */
export function overflowArb(variant: VariantId): fc.Arbitrary<Partial<SimSettings>> {
  return fc
    .tuple(settingsArb(variant), fc.noBias(fc.integer({ min: 20, max: 200 })), perMille)
    .map(([s, peers, frac]) => {
      const burstBytes = peers * 832;
      return {
        ...s,
        peers,
        maxClients: peers + ((s.maxClients ?? peers) - (s.peers ?? peers)),
        batch: peers,
        truesizeBytes: 832,
        load: 0,
        hogs: 0,
        rxCpus: s.cpus ?? 1,
        // from 8,000 B up to just below half the burst (a grace period may split it in two)
        rcvbufBytes: 8_000 + Math.floor(frac * Math.max(0, burstBytes / 2 - 8_001)),
      };
    });
}
