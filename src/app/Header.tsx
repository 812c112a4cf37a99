import { useId } from 'react';
import { useStore } from 'zustand';
import { SCENARIOS, VARIANTS, VARIANT_IDS, type VariantId } from '../model/index.ts';
import { THEME_CHOICES, type ThemeChoice } from '../store/appStore.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { openTour, tourStore } from './tour/tourState.ts';

const MOTION = { system: null, reduced: true, full: false } as const;
type MotionChoice = keyof typeof MOTION;

function motionChoice(override: boolean | null): MotionChoice {
  return override === null ? 'system' : override ? 'reduced' : 'full';
}

/** The scenarios offered as one-click stories (the ones with a `story`), in table order. */
const STORIES = Object.values(SCENARIOS).filter((sc) => sc.story);

/**
 * The page's top: the title, one button per story (each loads its scenario's settings and
 * lanes), the tour, and one line saying what the lanes show. The lanes, the preset, theme and
 * motion sit in a compact second row, so the stages stay in the first screen.
 */
export function Header() {
  const preset = useAppStore((s) => s.preset);
  const variants = useAppStore((s) => s.variants);
  const theme = useAppStore((s) => s.theme);
  const motion = useAppStore((s) => s.reducedMotionOverride);
  const applyPreset = useAppStore((s) => s.applyPreset);
  const setVariant = useAppStore((s) => s.setVariant);
  const setTheme = useAppStore((s) => s.setTheme);
  const setMotion = useAppStore((s) => s.setReducedMotionOverride);
  const setKeymapOpen = useAppStore((s) => s.setKeymapOpen);
  const tourOpen = useStore(tourStore, (s) => s.chapterId !== null);
  const ids = { preset: useId(), a: useId(), b: useId(), theme: useId(), motion: useId() };
  const sc = preset ? SCENARIOS[preset] : undefined;
  const caption =
    sc?.story?.caption ??
    sc?.description ??
    `Custom settings: ${VARIANTS[variants[0]].title} (left) and ${VARIANTS[variants[1]].title} (right) on the same run.`;

  return (
    <header className="page-header">
      <div className="header-top">
        <h1>dcoscope</h1>
        <nav className="stories" aria-label="Stories">
          {STORIES.map((s) => (
            <button
              key={s.name}
              type="button"
              data-story={s.name}
              aria-pressed={preset === s.name}
              title={s.title}
              onClick={() => applyPreset(s.name)}
            >
              {s.story!.label}
            </button>
          ))}
        </nav>
        <div className="site-nav">
          <button
            type="button"
            className="tour-start"
            data-tour-open
            aria-pressed={tourOpen}
            onClick={() => openTour()}
          >
            {tourOpen ? 'Tour' : 'Start the tour'}
          </button>
        </div>
      </div>
      <p className="caption" data-preset={preset ?? ''}>
        {caption}
      </p>
      <div className="header-controls">
        {([0, 1] as const).map((lane) => (
          <div className="field inline" key={lane}>
            <label htmlFor={lane === 0 ? ids.a : ids.b}>
              {lane === 0 ? 'Left' : 'Right'}
              <span className="v-sr-only"> lane</span>
            </label>
            <select
              id={lane === 0 ? ids.a : ids.b}
              value={variants[lane]}
              onChange={(e) => setVariant(lane, e.target.value as VariantId)}
            >
              {VARIANT_IDS.map((v) => (
                <option key={v} value={v}>
                  {VARIANTS[v].title}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field inline">
          <label htmlFor={ids.preset}>Preset</label>
          <select
            id={ids.preset}
            value={preset ?? ''}
            onChange={(e) => e.target.value && applyPreset(e.target.value)}
          >
            {preset === null && <option value="">custom settings</option>}
            {Object.values(SCENARIOS).map((s) => (
              <option key={s.name} value={s.name}>
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <nav className="header-links" aria-label="Pages and display">
          <a href="sweeps.html">Sweeps</a>
          <details className="display-menu">
            <summary>Display</summary>
            <div className="display-fields">
              <div className="field inline">
                <label htmlFor={ids.theme}>Theme</label>
                <select
                  id={ids.theme}
                  value={theme}
                  onChange={(e) => setTheme(e.target.value as ThemeChoice)}
                >
                  {THEME_CHOICES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field inline">
                <label htmlFor={ids.motion}>Motion</label>
                <select
                  id={ids.motion}
                  value={motionChoice(motion)}
                  onChange={(e) => setMotion(MOTION[e.target.value as MotionChoice])}
                >
                  <option value="system">as the system</option>
                  <option value="reduced">reduced (before/after)</option>
                  <option value="full">animated</option>
                </select>
              </div>
            </div>
          </details>
          <button
            type="button"
            className="keymap-button"
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
            onClick={() => setKeymapOpen(true)}
          >
            ?
          </button>
        </nav>
      </div>
    </header>
  );
}
