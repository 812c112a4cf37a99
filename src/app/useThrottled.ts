import { useEffect, useRef, useState } from 'react';

/** While playing, secondary views (chart playhead, event log, counts) refresh this often. */
export const PLAYING_REFRESH_MS = 100;

/**
 * `value`, but while `active` at most one new value every `ms` (the latest wins; the last one
 * always lands), and none while `hold` (a view scrolled off screen: the latest lands when the
 * hold ends). Inactive, the value passes through at once, so a paused view is exact.
 */
export function useThrottled<T>(
  value: T,
  active: boolean,
  hold = false,
  ms = PLAYING_REFRESH_MS,
): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (!active || hold) return;
    const land = () => {
      lastAt.current = performance.now();
      setShown(value);
    };
    const wait = lastAt.current + ms - performance.now();
    if (wait <= 0) {
      land();
      return;
    }
    const t = setTimeout(land, wait);
    return () => clearTimeout(t);
  }, [value, active, hold, ms]);
  return active ? shown : value;
}
