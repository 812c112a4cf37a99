import { useId, useState, type KeyboardEvent } from 'react';
import { KERNEL_FLAVOURS, SETTING_RANGES, describeRange } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import { numberFromText, type Draft, type NumberKey } from '../store/settingsDraft.ts';
import './fields.css';

/** The numeric settings beyond the settings row's, in the order a reader meets them. */
const FIELDS: readonly NumberKey[] = [
  'seed',
  'cpus',
  'hogs',
  'rxCpus',
  'hz',
  'rcuGpUs',
  'rcuGpSpread',
  'wakeUs',
  'workerCreateUs',
  'maxClients',
  'keepaliveTimeoutS',
  'rcvbufBytes',
  'truesizeBytes',
  'statusIntervalS',
  'granuleUs',
  'blockAtS',
  'unblockAtS',
  'untilS',
  'pingIntervalS',
  'pingRestartS',
  'renegSec',
  'tranWindowS',
  'costReadUs',
  'costProcessDelUs',
  'costRequestUs',
  'costHandshakeUs',
  'dumpPeersPerPart',
  'notifierGapUs',
];

/**
 * A number field that commits on Enter or when it loses focus (not on every keystroke). It
 * reads the text in the one number syntax links and the CLI read (`1e3` is a number, `0x10`
 * is not): a text that is no number stays in the field with a message naming it and what the
 * field takes; a number out of range is clamped by the store, with a note.
 */
function NumberField({ field }: { field: NumberKey }) {
  const value = useAppStore((s) => s.draft[field]);
  const setField = useAppStore((s) => s.setField);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const r = SETTING_RANGES[field];
  const commit = () => {
    if (text === null) return;
    const read = numberFromText(field, text);
    if (!read.ok) {
      setError(read.message);
      return;
    }
    if (read.value !== value) setField(field, read.value);
    setText(null);
    setError(null);
  };
  return (
    <div className="adv-field">
      <label htmlFor={id}>
        {r.label}
        {r.unit && <span className="unit"> ({r.unit})</span>}
      </label>
      <input
        id={id}
        type="text"
        // a keypad with digits and a point where the field takes no negative numbers
        inputMode={r.min >= 0 ? 'decimal' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={text ?? String(value)}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(null);
            setError(null);
          }
        }}
      />
      {error !== null && (
        <span id={errorId} className="hint field-error" role="alert">
          {error}
        </span>
      )}
      <span id={hintId} className="hint">
        {describeRange(r)}
      </span>
    </div>
  );
}

export function AdvancedDrawer() {
  const open = useAppStore((s) => s.drawerOpen);
  const setOpen = useAppStore((s) => s.setDrawerOpen);
  const reconnect = useAppStore((s) => s.draft.reconnect);
  const kernel = useAppStore((s) => s.draft.kernel);
  const setField = useAppStore((s) => s.setField);
  const reconnectId = useId();
  const kernelId = useId();
  return (
    <details
      className="advanced"
      open={open}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>Advanced settings</summary>
      <div className="adv-grid">
        <div className="adv-field">
          <label htmlFor={kernelId}>kernel module</label>
          <select
            id={kernelId}
            value={kernel}
            onChange={(e) => setField('kernel', e.target.value as Draft['kernel'])}
          >
            <option value="auto">auto (follows the variant)</option>
            {KERNEL_FLAVOURS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div className="adv-field adv-check">
          <input
            id={reconnectId}
            type="checkbox"
            checked={reconnect}
            onChange={(e) => setField('reconnect', e.target.checked)}
          />
          <label htmlFor={reconnectId}>clients reconnect after the firewall opens</label>
        </div>
        {FIELDS.map((f) => (
          <NumberField key={f} field={f} />
        ))}
      </div>
    </details>
  );
}
