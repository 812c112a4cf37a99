import { VARIANTS, formatCount } from '../model/index.ts';
import { selectReducedMotion } from '../store/appStore.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { usePlayback } from './PlaybackProvider.tsx';
import { usePlaybackValue } from './usePlaybackState.ts';
import { LanePanel, Narration, Stage } from '../views/index.ts';
import { BytesPanel } from '../views/bytes/BytesPanel.tsx';
import { HandExpiryForm, useExpireNow } from './HandExpiryForm.tsx';
import { useOnScreen } from './useOnScreen.ts';
import { useThrottled } from './useThrottled.ts';

/**
 * Playing faster than this multiple of the teaching clock (50×: fifty notification reads a
 * second), the lanes' change animations and the stage's glides would restart on every frame,
 * showing nothing a reader can follow: they are switched off until playback slows or stops.
 */
export const ANIMATE_MAX_SPEED = 50;

/**
 * The two lanes side by side (stacked on narrow screens), each with its narration line. The
 * embeds pass `narrationLive={false}` (their one live region is the player's) and `laneIds`
 * (their narrow layout's lane tabs control the lanes).
 */
export function LanesView({
  narrationLive = true,
  laneIds,
}: {
  narrationLive?: boolean;
  laneIds?: readonly [string, string];
} = {}) {
  const frame = useAppStore((s) => s.frame);
  const reducedMotion = useAppStore(selectReducedMotion);
  const focusStation = useAppStore((s) => s.focusStation);
  const canSeek = usePlaybackValue((v) => v.canSeek);
  const fast = usePlaybackValue((v) => v.mode === 'playing' && v.speed > ANIMATE_MAX_SPEED);
  const { actor } = usePlayback();
  const expireNow = useExpireNow();
  const snapshot = frame.snapshot;
  // The stages move every frame; the detail panels below refresh about ten times a second while
  // playing, and not at all while scrolled away (exact at rest), which keeps the frame rate.
  const playing = usePlaybackValue((v) => v.mode === 'playing');
  const [panelsRef, panelsOnScreen] = useOnScreen<HTMLDivElement>();
  const panelLanes = useThrottled(snapshot?.pair.lanes ?? null, playing, !panelsOnScreen);
  if (!snapshot) {
    // The same section and a keyed form, so a re-run (a new run clears the frame) keeps what
    // the user was typing in the expire form.
    return (
      <section className="lanes-section" aria-label="Lanes">
        <p key="loading" className="placeholder" aria-busy="true">
          Loading the lanes…
        </p>
        <HandExpiryForm key="expire" />
      </section>
    );
  }
  const divergence = frame.divergence;
  return (
    <section className="lanes-section" aria-label="Lanes">
      <p className="divergence" data-divergence={divergence ?? ''}>
        {divergence === null ? (
          'The lanes have not diverged yet.'
        ) : (
          <>
            The lanes diverge at event <strong>{formatCount(divergence)}</strong>
            {snapshot.pair.position < divergence ? ' (ahead). ' : '. '}
            <button
              type="button"
              className="link"
              disabled={!canSeek}
              onClick={() => actor.send({ type: 'SEEK', position: divergence })}
            >
              Go there
            </button>
          </>
        )}
      </p>
      <div
        className={`v-stages${fast ? ' is-fast' : ''}${reducedMotion ? ' is-reduced-motion' : ''}`}
      >
        {snapshot.pair.lanes.map((view, i) => (
          <Stage
            key={i}
            view={view}
            title={VARIANTS[view.variant].title}
            animate={!fast}
            reducedMotion={reducedMotion}
            focus={focusStation}
          />
        ))}
      </div>
      <HandExpiryForm key="expire" />
      <div ref={panelsRef} className={fast ? 'lanes is-fast' : 'lanes'}>
        {(panelLanes ?? snapshot.pair.lanes).map((view, i) => {
          const title = VARIANTS[view.variant].title;
          return (
            <div
              className="lane"
              id={laneIds?.[i]}
              key={i}
              data-lane={i}
              data-variant={view.variant}
              data-lane-position={view.position}
            >
              <div className="narration" data-lane={i}>
                <Narration events={view.events} lane={title} live={narrationLive} />
              </div>
              <LanePanel
                view={view}
                reducedMotion={reducedMotion}
                title={title}
                onExpirePeer={expireNow}
              />
            </div>
          );
        })}
      </div>
      <BytesPanel
        lanes={snapshot.pair.lanes}
        laneTitles={snapshot.pair.lanes.map((v) => VARIANTS[v.variant].title)}
        reducedMotion={reducedMotion}
      />
    </section>
  );
}
