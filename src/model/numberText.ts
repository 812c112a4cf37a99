/**
 * The one syntax for numbers a person types: CLI flags, link parameters, form fields and the
 * element's attributes all read numbers here, so `1e3` is a number everywhere and `0x10`
 * nowhere. It is the syntax of an HTML number input (a "valid floating-point number"): an
 * optional minus sign, decimal digits with an optional fraction, and an optional exponent
 * (`1024`, `-1`, `0.5`, `.5`, `1e3`, `2.5e4`), with whitespace around. Hexadecimal, binary and
 * octal (`0x10`, `0b101`, `0o7`), `Infinity`, `NaN`, a plus sign, digit separators (`1_000`,
 * `1,000`) and empty text are not numbers. Pure.
 */

/** What the syntax accepts, for messages and help. */
export const NUMBER_SYNTAX = 'decimal digits with an optional fraction and exponent';

const DECIMAL = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Longest text shown inside a message; longer values are cut (with their length). */
const SHOWN_CHARS = 40;

/**
 * A value as a message quotes it: text in JSON quotes, cut when long, numbers and booleans
 * as written, and objects and lists by their kind alone, so a message can never carry a file's megabytes
 * or its markup as anything but a short, quoted piece of text.
 */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    if (v.length <= SHOWN_CHARS) return JSON.stringify(v);
    return `${JSON.stringify(v.slice(0, SHOWN_CHARS))}… (${v.length} characters)`;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return '[…] (a list)';
  if (typeof v === 'object') return '{…} (an object)';
  return `(a ${typeof v})`;
}

/** The number a text writes in the one syntax, or null (also for a value beyond ±1.8e308). */
export function parseNumberText(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n; // no -0
}

/**
 * True when a decimal text (already checked) writes a whole number exactly: 1e3, 10.0, 100e-2,
 * not 1.5 or 1e-1. The digits without their trailing zeros, and the power of ten they are
 * scaled by: a whole number when that power is not negative (or every digit is 0).
 */
function writesInteger(t: string): boolean {
  const m = /^-?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t)!;
  const frac = m[2] ?? '';
  const digits = (m[1] ?? '') + frac;
  const kept = digits.replace(/0+$/, '');
  if (kept.replace(/^0+/, '') === '') return true;
  const power = Number(m[3] ?? '0') - frac.length + (digits.length - kept.length);
  return power >= 0;
}

/**
 * The integer a text writes exactly, within the safe integers (±9007199254740991), or null:
 * `1.5`, `1e-1` and `9007199254740993` (which a double cannot hold) are not integers here.
 */
export function parseIntegerText(text: string): number | null {
  const n = parseNumberText(text);
  if (n === null || !Number.isSafeInteger(n) || !writesInteger(text.trim())) return null;
  return n;
}

/**
 * The message for a text that is not a number in the one syntax: names the value, what the
 * setting takes, and how numbers are written (`allowed` as describeRange words it).
 */
export function numberTextProblem(
  label: string,
  raw: string,
  allowed: string,
  integer: boolean,
): string {
  const like = integer ? '1024 or 1e3' : '0.5, 1024 or 2.5e4';
  return `${label} ${showValue(raw)} is not a decimal number: use ${allowed}, written like ${like}`;
}
