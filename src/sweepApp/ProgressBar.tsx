/**
 * A sweep's progress: runs done of total, elapsed, time left, and Cancel; after a failure, what
 * happened and "Try again" (the same sweep on fresh workers).
 */
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
  onRetry,
  retryDisabled = false,
}: {
  label: string;
  status: RunStatus;
  progress: SweepProgress | null;
  error: string | null;
  onCancel: () => void;
  /** Runs the sweep again (shown after a failure). */
  onRetry?: () => void;
  /** Another sweep holds the pool. */
  retryDisabled?: boolean;
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
      {status === 'failed' && onRetry && (
        <p className="sweep-retry">
          <button type="button" onClick={onRetry} disabled={retryDisabled}>
            Try again
          </button>{' '}
          runs the sweep again on fresh workers.
        </p>
      )}
    </div>
  );
}
