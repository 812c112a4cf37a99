import { useId, useState, type KeyboardEvent } from 'react';
import { KERNEL_FLAVOURS, SETTING_RANGES, describeRange } from '../model/index.ts';
import { useAppStore } from '../store/AppStoreProvider.tsx';
import type { Draft } from '../store/settingsDraft.ts';

type NumberKey = {
  [K in keyof Draft]: Draft[K] extends number ? K : never;
}[keyof Draft];

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

/** A number field that commits on Enter or when it loses focus (not on every keystroke). */
function NumberField({ field }: { field: NumberKey }) {
  const value = useAppStore((s) => s.draft[field]);
  const setField = useAppStore((s) => s.setField);
  const [text, setText] = useState<string | null>(null);
  const id = useId();
  const hintId = useId();
  const r = SETTING_RANGES[field];
  const commit = () => {
    if (text === null) return;
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v) && v !== value) setField(field, v);
    setText(null);
  };
  return (
    <div className="adv-field">
      <label htmlFor={id}>
        {r.label}
        {r.unit && <span className="unit"> ({r.unit})</span>}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={r.min}
        max={r.max}
        step={r.integer ? 1 : 'any'}
        value={text ?? String(value)}
        aria-describedby={hintId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(null);
        }}
      />
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
