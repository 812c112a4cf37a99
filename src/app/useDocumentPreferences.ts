import { useEffect } from 'react';
import { selectReducedMotion } from '../store/appStore.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';

/**
 * Puts the theme and motion choices on <html> (data-theme, data-motion), where the page's and
 * the views' stylesheets read them.
 */
export function useDocumentPreferences(): void {
  const theme = useAppStore((s) => s.theme);
  const reduced = useAppStore(selectReducedMotion);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.documentElement.dataset.motion = reduced ? 'reduced' : 'full';
  }, [reduced]);
}
