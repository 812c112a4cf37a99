/** A sweep's progress: runs done of total, elapsed, time left, and Cancel. */
import { formatCount } from '../model/index.ts';
import type { RunStatus } from './useSweepRun.ts';
import type { SweepProgress } from '../sweep/pool.ts';
import { durationText } from './links.ts';

const STATUS_TEXT: Record<RunStatus, string> = {
  idle: 'Not started.',
  running: 'Running…',
  done: 'Done.',
  cancelled: 'Cancelled.',
  failed: 'Failed.',
};

export function ProgressBar({
  label,
  status,
  progress,
  error,
  onCancel,
}: {
  label: string;
  status: RunStatus;
  progress: SweepProgress | null;
  error: string | null;
  onCancel: () => void;
}) {
  if (status === 'idle') return null;
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  return (
    <div className="sweep-progress" data-state={status} data-done={done} data-total={total}>
      <div className="sweep-progress-row">
        <progress max={total || 1} value={done} aria-label={label}>
          {done} of {total}
        </progress>
        {status === 'running' && (
          <button type="button" className="cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="sweep-progress-text" role="status">
        <span className="state">{STATUS_TEXT[status]}</span>{' '}
        <span className="runs">
          {formatCount(done)} of {formatCount(total)} runs
        </span>
        {' · '}elapsed {durationText(progress?.elapsedMs ?? 0)}
        {status === 'running' && <> · time left {durationText(progress?.etaMs ?? null)}</>}
      </p>
      {error && (
        <p className="sweep-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
