/**
 * One lane at a time, where the embed is narrow (below 700 px of its own width; embed.css):
 * two tabs, "Left lane" and "Right lane" (the names the wide layout's sides have), each with its
 * variant. Arrow keys, Home and End move between them (the selected tab is the one Tab stop).
 * Hidden, with both lanes shown, where the embed is wide.
 */
import { useRef, type KeyboardEvent } from 'react';

export function LaneSwitcher({
  titles,
  shown,
  onShow,
  controls,
}: {
  titles: readonly [string, string];
  shown: 0 | 1;
  onShow: (lane: 0 | 1) => void;
  /** The ids of the two lanes' panels. */
  controls: readonly [string, string];
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const go = (lane: 0 | 1) => {
    onShow(lane);
    tabs.current[lane]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const next: Record<string, 0 | 1> = {
      ArrowLeft: 0,
      ArrowUp: 0,
      Home: 0,
      ArrowRight: 1,
      ArrowDown: 1,
      End: 1,
    };
    const lane = next[e.key];
    if (lane === undefined) return;
    e.preventDefault();
    go(lane);
  };
  return (
    <div className="lane-switcher" role="tablist" aria-label="Lane shown" onKeyDown={onKeyDown}>
      {([0, 1] as const).map((i) => (
        <button
          key={i}
          ref={(b) => {
            tabs.current[i] = b;
          }}
          type="button"
          role="tab"
          className="lane-tab"
          aria-selected={shown === i}
          aria-controls={controls[i]}
          tabIndex={shown === i ? 0 : -1}
          onClick={() => onShow(i)}
        >
          <span className="lane-tab-side">{i === 0 ? 'Left lane' : 'Right lane'}</span>{' '}
          <span className="lane-tab-variant">{titles[i]}</span>
        </button>
      ))}
    </div>
  );
}
