import { useId } from 'react';
import { useSelector } from '@xstate/react';
import {
  ONE_X_MEANS,
  SPEED_SLIDER_MAX,
  formatSpeed,
  sliderFromSpeed,
  speedFromSlider,
  speedMeaning,
} from '../machines/speedScale.ts';
import type { AlignMode } from '../protocol/messages.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { usePlayback } from './PlaybackProvider.tsx';
import { Scrubber } from './Scrubber.tsx';
import { modeText, momentUs, positionText } from './readout.ts';
import { usePlaybackState } from './usePlaybackState.ts';

export function ControlsBar() {
  const { actor } = usePlayback();
  const pb = usePlaybackState();
  const snapshot = useAppStore((s) => s.frame.snapshot);
  const runs = useAppStore((s) => s.runs);
  const speedId = useId();
  const alignId = useId();
  const clockUs = useSelector(actor, (s) => s.context.clockUs);
  const align = useSelector(actor, (s) => s.context.align);
  const pauseOnLoss = useSelector(actor, (s) => s.context.pauseOnLoss);
  const playing = pb.mode === 'playing';
  const where = positionText(snapshot, playing ? clockUs : null);
  // Another merge order is another run: reload it at the moment the pair shows (a position
  // number means another moment in the other order).
  const setAlign = (next: AlignMode) => {
    const c = actor.getSnapshot().context;
    if (next === c.align) return;
    const us = momentUs(snapshot, c.align);
    actor.send({
      type: 'LOAD',
      lanes: c.lanes,
      align: next,
      ...(c.position > 0 ? { target: { kind: 'time', us } } : {}),
    });
  };
  const step = (unit: 'event' | 'cycle', direction: 1 | -1) =>
    actor.send({ type: 'STEP', unit, direction });

  return (
    <section className="controls" aria-label="Playback">
      <div className="controls-buttons" role="group" aria-label="Play and step">
        <button
          type="button"
          className="play"
          aria-keyshortcuts="Space"
          disabled={playing ? !pb.canPause : !pb.canPlay}
          onClick={() => actor.send({ type: playing ? 'PAUSE' : 'PLAY' })}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          aria-label="Go to the start"
          aria-keyshortcuts="Home"
          disabled={!pb.canJump}
          onClick={() => actor.send({ type: 'JUMP', to: 'start' })}
        >
          Start
        </button>
        <button
          type="button"
          aria-label="Back one read cycle"
          aria-keyshortcuts="Shift+ArrowLeft"
          disabled={!pb.canStepBack}
          onClick={() => step('cycle', -1)}
        >
          −cycle
        </button>
        <button
          type="button"
          aria-label="Back one event"
          aria-keyshortcuts="ArrowLeft"
          disabled={!pb.canStepBack}
          onClick={() => step('event', -1)}
        >
          −1
        </button>
        <button
          type="button"
          aria-label="Forward one event"
          aria-keyshortcuts="ArrowRight"
          disabled={!pb.canStepForward}
          onClick={() => step('event', 1)}
        >
          +1
        </button>
        <button
          type="button"
          aria-label="Forward one read cycle"
          aria-keyshortcuts="Shift+ArrowRight"
          disabled={!pb.canStepForward}
          onClick={() => step('cycle', 1)}
        >
          +cycle
        </button>
        <button
          type="button"
          aria-label="Go to the end"
          aria-keyshortcuts="End"
          disabled={!pb.canJump}
          onClick={() => actor.send({ type: 'JUMP', to: 'end' })}
        >
          End
        </button>
        <button
          type="button"
          className="jump-loss"
          aria-keyshortcuts="N"
          disabled={!pb.canJump}
          onClick={() => actor.send({ type: 'JUMP', to: 'nextLoss' })}
        >
          Next loss
        </button>
      </div>
      <div className="speed" title={`1× = ${ONE_X_MEANS}; idle waits pass in a second or two`}>
        <label htmlFor={speedId}>Speed</label>
        <input
          id={speedId}
          type="range"
          min={0}
          max={SPEED_SLIDER_MAX}
          step={1}
          value={sliderFromSpeed(pb.speed)}
          aria-valuetext={`${formatSpeed(pb.speed)}, ${speedMeaning(pb.speed)}`}
          onChange={(e) =>
            actor.send({ type: 'SET_SPEED', speed: speedFromSlider(Number(e.target.value)) })
          }
        />
        <output htmlFor={speedId}>
          <span className="speed-x">{formatSpeed(pb.speed)}</span>{' '}
          <span className="speed-means">({speedMeaning(pb.speed)})</span>
        </output>
      </div>
      <div className="play-options">
        <label className="pause-on-loss">
          <input
            type="checkbox"
            checked={pauseOnLoss}
            onChange={(e) => actor.send({ type: 'SET_PAUSE_ON_LOSS', on: e.target.checked })}
          />{' '}
          Pause at each loss
        </label>
        <div className="align">
          <label htmlFor={alignId}>Align by</label>
          <select
            id={alignId}
            value={align}
            onChange={(e) => setAlign(e.target.value as AlignMode)}
            title="notification: the same DEL_PEER reaches both readers together; simulated time: both lanes at the same instant"
          >
            <option value="notification">notification</option>
            <option value="time">simulated time</option>
          </select>
        </div>
      </div>
      <Scrubber />
      <p
        className="readout"
        data-mode={pb.mode}
        data-run={runs}
        data-position={snapshot?.pair.position ?? ''}
        data-length={snapshot?.pair.length ?? ''}
      >
        <span className="mode">{modeText(pb.mode)}</span> · <span className="where">{where}</span>
      </p>
      {/* Announces where a step, seek or jump landed; silent while playing. */}
      <p className="v-sr-only" role="status" aria-live="polite" aria-atomic="true">
        {playing || pb.mode === 'seeking' ? '' : `${modeText(pb.mode)}: ${where}`}
      </p>
    </section>
  );
}
