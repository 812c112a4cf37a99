import { useCallback, useEffect, useState } from 'react';

/**
 * Whether an element is on screen (or within `margin` of it), for views that need not follow
 * playback while scrolled away: `[ref, onScreen]`, the ref to put on the element. True until
 * the first report, and always where IntersectionObserver is missing.
 */
export function useOnScreen<T extends Element>(
  margin = '200px',
): [(el: T | null) => void, boolean] {
  const [el, setEl] = useState<T | null>(null);
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setOnScreen(last.isIntersecting);
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [el, margin]);
  const ref = useCallback((node: T | null) => setEl(node), []);
  return [ref, onScreen];
}
