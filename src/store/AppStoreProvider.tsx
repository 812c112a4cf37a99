import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createAppStore, type AppState, type AppStore, type AppStoreOptions } from './appStore.ts';

const AppStoreContext = createContext<AppStore | null>(null);

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** One store per mounted app; follows the system's reduced-motion preference. */
export function AppStoreProvider({
  children,
  options,
}: {
  children: ReactNode;
  options?: AppStoreOptions;
}) {
  const [store] = useState(() =>
    createAppStore({
      reducedMotion: window.matchMedia?.(REDUCED_MOTION).matches ?? false,
      ...options,
    }),
  );
  useEffect(() => {
    const mq = window.matchMedia?.(REDUCED_MOTION);
    if (!mq) return;
    const follow = () => store.getState().setReducedMotionSystem(mq.matches);
    mq.addEventListener('change', follow);
    return () => mq.removeEventListener('change', follow);
  }, [store]);
  return <AppStoreContext.Provider value={store}>{children}</AppStoreContext.Provider>;
}

export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore must be used inside an AppStoreProvider');
  return store;
}

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
