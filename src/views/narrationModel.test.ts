import { describe, expect, it } from 'vitest';
import { allEvents, laneSteps } from '../../tests/helpers/testLanes.ts';
import { narrationText } from './narrationModel.ts';

describe('narrationText', () => {
  const events = allEvents(laneSteps('lesson', '2.6.14'));

  it('announces the last event of the step in plain words', () => {
    const e = events.find((x) => x.outcome === 'swallowed')!;
    const n = narrationText([e]);
    expect(n.announce).toMatch(
      /^DEL_PEER #\d+ for peer \d+ read by dco_parse_peer_multi: NL_SKIP, swallowed; instance \d+ is now a ghost\.$/,
    );
    expect(n.lines).toHaveLength(1);
  });

  it('shows every event of a busy step but announces only the last, with the count', () => {
    const step = events.slice(8, 11);
    const n = narrationText(step);
    expect(n.lines.map((l) => l.i)).toEqual(step.map((e) => e.i));
    expect(n.announce).toContain('(3 events in this step)');
    expect(n.announce.startsWith(n.lines[2]!.text)).toBe(true);
  });

  it('caps the list and counts the rest', () => {
    const n = narrationText(events.slice(0, 20), 6);
    expect(n.lines).toHaveLength(6);
    expect(n.omitted).toBe(14);
    expect(narrationText([]).announce).toBe('');
  });
});
