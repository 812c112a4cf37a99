import { useEffect, useState } from 'react';

/**
 * A number that changes whenever the colour theme may have changed (the OS preference or the
 * data-theme attribute on <html>), so canvases that read CSS variables know to repaint.
 */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    mq?.addEventListener('change', bump);
    const mo = new MutationObserver(bump);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      mq?.removeEventListener('change', bump);
      mo.disconnect();
    };
  }, []);
  return version;
}
