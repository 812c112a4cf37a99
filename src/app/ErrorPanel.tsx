/**
 * What the page shows when the simulation failed: the message (what happened: the worker
 * failed to load, threw, stopped answering, or refused a request) and "Try again", which
 * starts a fresh worker and reloads the run where it stood (the playback machine's RETRY).
 */
export function ErrorPanel({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <section className="error-panel" role="alert" aria-labelledby="error-heading">
      <h2 id="error-heading">The simulation failed</h2>
      <p className="error-message">{message}</p>
      <p>
        {onRetry ? (
          <>
            <button type="button" onClick={onRetry}>
              Try again
            </button>{' '}
            starts a fresh simulation and reopens this run where it stood.
          </>
        ) : (
          'Reload the page to try again.'
        )}{' '}
        If it keeps failing, please report the message above.
      </p>
    </section>
  );
}
