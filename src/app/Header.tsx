import { useId } from 'react';
import { SCENARIOS, VARIANTS, VARIANT_IDS, type VariantId } from '../model/index.ts';
import { THEME_CHOICES, type ThemeChoice } from '../store/appStore.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { SiteNav } from './tour/TourButton.tsx';

const MOTION = { system: null, reduced: true, full: false } as const;
type MotionChoice = keyof typeof MOTION;

function motionChoice(override: boolean | null): MotionChoice {
  return override === null ? 'system' : override ? 'reduced' : 'full';
}

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
  const ids = { preset: useId(), a: useId(), b: useId(), theme: useId(), motion: useId() };
  const description = preset ? SCENARIOS[preset]?.description : undefined;

  return (
    <header className="page-header">
      <div className="title">
        <h1>dcoscope</h1>
        <p className="tagline">
          How OpenVPN&rsquo;s data-channel offload loses DEL_PEER notifications, simulated in your
          browser.
        </p>
      </div>
      <div className="header-controls">
        <div className="field">
          <label htmlFor={ids.preset}>Preset</label>
          <select
            id={ids.preset}
            value={preset ?? ''}
            onChange={(e) => e.target.value && applyPreset(e.target.value)}
          >
            {preset === null && <option value="">custom settings</option>}
            {Object.values(SCENARIOS).map((sc) => (
              <option key={sc.name} value={sc.name}>
                {sc.title}
              </option>
            ))}
          </select>
        </div>
        {([0, 1] as const).map((lane) => (
          <div className="field" key={lane}>
            <label htmlFor={lane === 0 ? ids.a : ids.b}>
              {lane === 0 ? 'Left lane' : 'Right lane'}
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
        <div className="field">
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
        <div className="field">
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
        <SiteNav />
        <button
          type="button"
          className="keymap-button"
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
          onClick={() => setKeymapOpen(true)}
        >
          ?
        </button>
      </div>
      {description && <p className="preset-description">{description}</p>}
    </header>
  );
}
