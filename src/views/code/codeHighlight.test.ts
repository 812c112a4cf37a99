import { describe, expect, it } from 'vitest';
import { VARIANTS, VARIANT_IDS, fnSource, type TraceEvent } from '../../model/index.ts';
import { allEvents, laneSteps } from '../../../tests/helpers/testLanes.ts';
import { eventSpot, latestSpot } from './codeHighlight.ts';
import { pseudocode } from './pseudocode.ts';

const ev = (e: Partial<TraceEvent>): TraceEvent => ({
  i: 0,
  t: 0,
  actor: 'openvpn',
  fn: 'x',
  what: 'read',
  outcome: 'info',
  rmem: 0,
  ...e,
});

describe('eventSpot', () => {
  it('maps the losses to the lines that cause them', () => {
    const swallowed = ev({ what: 'read', outcome: 'swallowed', cb: 'dco_parse_peer_multi' });
    expect(eventSpot(swallowed, true)).toEqual({ fn: 'parse', anchor: 'parse.skip' });
    expect(eventSpot(ev({ outcome: 'swallowed', cb: null }), true)).toEqual({
      fn: 'libnl',
      anchor: 'libnl.nullcb',
    });
    expect(eventSpot(ev({ outcome: 'overwritten', cb: 'ovpn_handle_msg' }), false)).toEqual({
      fn: 'handle',
      anchor: 'handle.store',
    });
    expect(eventSpot(ev({ what: 'slot_reset', outcome: 'wiped' }), false)).toEqual({
      fn: 'pid',
      anchor: 'pid.reset',
    });
    expect(eventSpot(ev({ what: 'stats_skip', outcome: 'skipped' }), false)!.anchor).toBe(
      'stats.lockcheck',
    );
  });

  it('shows where a stats request installs its parser, with the stats call as well', () => {
    const req = ev({ what: 'request', fn: 'dco_get_peer_stats_multi', cb: 'dco_parse_peer_multi' });
    expect(eventSpot(req, true)).toEqual({
      fn: 'send',
      anchor: 'send.setcb',
      also: { fn: 'stats', anchor: 'stats.dump' },
    });
    expect(eventSpot(ev({ what: 'request', fn: 'dco_new_peer' }), false)).toEqual({
      fn: 'send',
      anchor: 'send.send',
    });
  });

  it('maps kernel, client and firewall events to no code', () => {
    for (const what of ['k_notify', 'k_expire', 'fw_block', 'c_attempt'] as const)
      expect(eventSpot(ev({ what }), true)).toBeNull();
  });

  it('latestSpot picks the last event that maps to code', () => {
    const a = ev({ i: 1, what: 'close', outcome: 'closed' });
    const b = ev({ i: 2, what: 'k_notify', outcome: 'queued' });
    expect(latestSpot([a, b], false)).toEqual({
      spot: { fn: 'close', anchor: 'close.remove' },
      event: a,
    });
    expect(latestSpot([b], false)).toBeNull();
  });
});

describe('pseudocode', () => {
  it('has a line for every spot real runs produce, in every variant', () => {
    for (const id of VARIANT_IDS) {
      const v = VARIANTS[id];
      const code = pseudocode(v);
      const anchors = new Set(code.flatMap((f) => f.lines.map((l) => `${f.key}:${l.anchor}`)));
      for (const sc of ['lesson', 'why-the-lock', 'status-dump']) {
        for (const e of allEvents(laneSteps(sc, id, 1000))) {
          const s = eventSpot(e, v.callbackPerRequest);
          if (!s) continue;
          expect(anchors, `${id} ${sc} ${e.what}/${e.outcome}`).toContain(`${s.fn}:${s.anchor}`);
          if (s.also) expect(anchors).toContain(`${s.also.fn}:${s.also.anchor}`);
        }
      }
    }
  });

  it('follows the mechanisms: per-request callbacks, the lock, processing in the callback', () => {
    const text = (id: keyof typeof VARIANTS) =>
      pseudocode(VARIANTS[id])
        .flatMap((f) => f.lines.map((l) => l.anchor ?? ''))
        .join(' ');
    expect(text('2.6.14')).toContain('send.setcb');
    expect(text('2.6.20')).not.toContain('send.setcb');
    expect(text('2.6.20')).toContain('stats.lockcheck');
    expect(text('fix-no-lock')).not.toContain('recv.lock');
    expect(text('2.7')).toContain('handle.process');
    expect(text('2.7-prefix')).not.toContain('handle.process');
  });

  it('names functions that link upstream at the variant tag (mostly)', () => {
    for (const id of VARIANT_IDS) {
      const v = VARIANTS[id];
      const linked = pseudocode(v).filter((f) => fnSource(v, f.name));
      expect(linked.length, id).toBeGreaterThanOrEqual(pseudocode(v).length - 1);
    }
  });
});
