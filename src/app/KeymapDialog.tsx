import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { KEY_BINDINGS } from './keymap.ts';

/**
 * The key map, in a modal <dialog>: the browser traps focus inside it and closes it on Esc;
 * focus goes back to where it was when it opened.
 */
export function KeymapDialog() {
  const open = useAppStore((s) => s.keymapOpen);
  const setOpen = useAppStore((s) => s.setKeymapOpen);
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="keymap"
      aria-labelledby="keymap-heading"
      onClose={() => {
        setOpen(false);
        returnTo.current?.focus();
        returnTo.current = null;
      }}
    >
      <h2 id="keymap-heading">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {KEY_BINDINGS.map((b) => (
            <tr key={b.what}>
              <td>
                {b.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{b.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Keys work anywhere except in text fields; sliders keep their own arrow keys.
      </p>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
