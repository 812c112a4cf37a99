import type { Ticker } from '../machines/playbackMachine.ts';

/** The playback clock of the browser: one tick per animation frame, with the seconds elapsed. */
export const rafTicker: Ticker = (onTick) => {
  let last = performance.now();
  let id = requestAnimationFrame(function frame(now) {
    onTick(Math.max(0, (now - last) / 1000));
    last = now;
    id = requestAnimationFrame(frame);
  });
  return () => cancelAnimationFrame(id);
};
