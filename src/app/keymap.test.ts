import { describe, expect, it } from 'vitest';
import { keyAction, targetOwnsKey } from './keymap.ts';

const k = (key: string, shiftKey = false) => ({
  key,
  shiftKey,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
});

describe('keyAction', () => {
  it('maps the player keys', () => {
    expect(keyAction(k(' '))).toEqual({ type: 'toggle' });
    expect(keyAction(k('ArrowRight'))).toEqual({ type: 'step', unit: 'event', direction: 1 });
    expect(keyAction(k('ArrowLeft', true))).toEqual({ type: 'step', unit: 'cycle', direction: -1 });
    expect(keyAction(k('Home'))).toEqual({ type: 'jump', to: 'start' });
    expect(keyAction(k('End'))).toEqual({ type: 'jump', to: 'end' });
    expect(keyAction(k('n'))).toEqual({ type: 'jump', to: 'nextLoss' });
    expect(keyAction(k('N', true))).toEqual({ type: 'jump', to: 'prevLoss' });
    expect(keyAction(k('?', true))).toEqual({ type: 'keymap' });
    expect(keyAction(k('x'))).toBeNull();
    expect(keyAction({ ...k('ArrowRight'), ctrlKey: true })).toBeNull();
  });
});

describe('targetOwnsKey', () => {
  it('leaves text fields, sliders and selects their own keys', () => {
    expect(targetOwnsKey({ tagName: 'INPUT', type: 'number' }, 'n')).toBe(true);
    expect(targetOwnsKey({ tagName: 'INPUT', type: 'range' }, 'ArrowLeft')).toBe(true);
    expect(targetOwnsKey({ tagName: 'INPUT', type: 'range' }, ' ')).toBe(false);
    expect(targetOwnsKey({ tagName: 'SELECT' }, 'ArrowDown')).toBe(true);
    expect(targetOwnsKey({ tagName: 'BUTTON' }, ' ')).toBe(true);
    expect(targetOwnsKey({ tagName: 'BUTTON' }, 'ArrowRight')).toBe(false);
    expect(targetOwnsKey({ tagName: 'DIV' }, 'ArrowRight')).toBe(false);
    expect(targetOwnsKey({ tagName: 'DIV', role: 'tab' }, 'ArrowRight')).toBe(true);
    expect(targetOwnsKey(null, ' ')).toBe(false);
  });
});
