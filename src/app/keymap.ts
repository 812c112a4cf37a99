/**
 * The keyboard map of the player: which key does what. Pure data and a pure lookup, shared by
 * the key handler and the `?` dialog that lists the keys.
 */
export type KeyAction =
  | { type: 'toggle' }
  | { type: 'step'; unit: 'event' | 'cycle'; direction: 1 | -1 }
  | { type: 'jump'; to: 'start' | 'end' | 'nextLoss' | 'prevLoss' }
  | { type: 'keymap' };

export interface KeyBinding {
  keys: string[];
  what: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { keys: ['Space'], what: 'play or pause' },
  { keys: ['→'], what: 'step forward one event' },
  { keys: ['←'], what: 'step back one event' },
  { keys: ['Shift', '→'], what: 'step forward one read cycle' },
  { keys: ['Shift', '←'], what: 'step back one read cycle' },
  { keys: ['Home'], what: 'go to the start' },
  { keys: ['End'], what: 'go to the end' },
  { keys: ['N'], what: 'jump to the next lost notification' },
  { keys: ['Shift', 'N'], what: 'jump to the previous lost notification' },
  { keys: ['?'], what: 'show this key map' },
];

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The action of a key press, or null when the player does not use it. */
export function keyAction(e: KeyLike): KeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      return { type: 'toggle' };
    case 'ArrowRight':
      return { type: 'step', unit: e.shiftKey ? 'cycle' : 'event', direction: 1 };
    case 'ArrowLeft':
      return { type: 'step', unit: e.shiftKey ? 'cycle' : 'event', direction: -1 };
    case 'Home':
      return { type: 'jump', to: 'start' };
    case 'End':
      return { type: 'jump', to: 'end' };
    case 'n':
      return { type: 'jump', to: 'nextLoss' };
    case 'N':
      return { type: 'jump', to: e.shiftKey ? 'prevLoss' : 'nextLoss' };
    case '?':
      return { type: 'keymap' };
    default:
      return null;
  }
}

export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  role?: string | null;
}

const OWN_KEYS = new Set(['SELECT', 'TEXTAREA']);
const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']);

/**
 * Whether the focused element owns this key: text fields own every printable key and the
 * arrows; sliders and selects own the arrows, Home and End; buttons own space (they click).
 */
export function targetOwnsKey(t: TargetLike | null, key: string): boolean {
  if (!t?.tagName) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName.toUpperCase();
  const navigation = key.startsWith('Arrow') || key === 'Home' || key === 'End';
  if (OWN_KEYS.has(tag)) return true;
  if (tag === 'INPUT') {
    const type = (t.type ?? '').toLowerCase();
    if (TEXT_INPUTS.has(type)) return true;
    if (type === 'range') return navigation || key === 'PageUp' || key === 'PageDown';
    if (type === 'checkbox' || type === 'radio') return key === ' ' || navigation;
    return false;
  }
  if (tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A') return key === ' ' || key === 'Enter';
  if (t.role === 'tab' || t.role === 'slider') return navigation;
  return false;
}
