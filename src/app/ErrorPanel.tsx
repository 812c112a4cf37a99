export function ErrorPanel({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <section className="error-panel" role="alert" aria-labelledby="error-heading">
      <h2 id="error-heading">The simulation failed</h2>
      <p className="error-message">{message}</p>
      <p>
        {onRetry ? (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        ) : (
          'Reload the page to try again.'
        )}{' '}
        If it keeps failing, please report the message above.
      </p>
    </section>
  );
}
