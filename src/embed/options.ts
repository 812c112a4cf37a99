/**
 * The embeds' own options, besides a link's parameters: the colour theme, the level of their
 * headings, and (the element only) when to load. Read from the iframe's query or the element's
 * attributes. Pure: no DOM, never throws (a bad value is reported, naming it and what is
 * allowed, and the default used). Numbers are read in the model's one number syntax.
 */
import type { IgnoredParam } from '../formats/urlState.ts';
import { parseIntegerText, showValue } from '../model/index.ts';

export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

export const LOADING_MODES = ['click', 'lazy', 'eager'] as const;
export type LoadingMode = (typeof LOADING_MODES)[number];

/** A value that could not be used, as the page lists a link's ignored parameters. */
export type IgnoredOption = IgnoredParam;

/** `name "value" is not allowed: use a, b or c` */
function notOneOf(name: string, raw: string, values: readonly string[]): string {
  return `${name} ${showValue(raw)} is not allowed: use ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

export function parseTheme(raw: string | null): { theme: Theme; problem: string | null } {
  if (raw === null || raw.trim() === '') return { theme: 'auto', problem: null };
  const t = raw.trim().toLowerCase();
  if ((THEMES as readonly string[]).includes(t)) return { theme: t as Theme, problem: null };
  return { theme: 'auto', problem: notOneOf('theme', raw, THEMES) };
}

export function parseLoading(raw: string | null): { loading: LoadingMode; problem: string | null } {
  if (raw === null || raw.trim() === '') return { loading: 'click', problem: null };
  const t = raw.trim().toLowerCase();
  if ((LOADING_MODES as readonly string[]).includes(t)) {
    return { loading: t as LoadingMode, problem: null };
  }
  return { loading: 'click', problem: notOneOf('loading', raw, LOADING_MODES) };
}

/** 1 to 6, or null (no headings: the embed's titles are plain text). */
export function parseHeadingLevel(raw: string | null): {
  level: number | null;
  problem: string | null;
} {
  if (raw === null || raw.trim() === '') return { level: null, problem: null };
  const n = parseIntegerText(raw);
  if (n !== null && n >= 1 && n <= 6) return { level: n, problem: null };
  return {
    level: null,
    problem: `heading-level ${showValue(raw)} is not allowed: use a whole number from 1 to 6`,
  };
}

/**
 * Takes the embeds' own parameters out of a query (the iframe's: theme, heading-level), so
 * the rest reads as a link.
 */
export function splitEmbedQuery(query: string): {
  rest: string;
  theme: Theme;
  headingLevel: number | null;
  /**
   * Whose commands the iframe takes: its parent only (the default), or any window when the
   * host opts in with `commands=any` (then replies go to the asking window too).
   */
  commands: 'parent' | 'any';
  ignored: IgnoredOption[];
} {
  const params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const ignored: IgnoredOption[] = [];
  const take = (name: string): string | null => {
    const all = params.getAll(name);
    params.delete(name);
    for (const extra of all.slice(1)) {
      ignored.push({
        param: name,
        value: extra,
        reason: `${name} is given more than once: the first value is used`,
      });
    }
    return all[0] ?? null;
  };
  const themeRaw = take('theme');
  const { theme, problem: themeProblem } = parseTheme(themeRaw);
  if (themeProblem) ignored.push({ param: 'theme', value: themeRaw ?? '', reason: themeProblem });
  const levelRaw = take('heading-level');
  const { level, problem: levelProblem } = parseHeadingLevel(levelRaw);
  if (levelProblem) {
    ignored.push({ param: 'heading-level', value: levelRaw ?? '', reason: levelProblem });
  }
  const commandsRaw = take('commands');
  let commands: 'parent' | 'any' = 'parent';
  if (commandsRaw === 'any' || commandsRaw === 'parent') commands = commandsRaw;
  else if (commandsRaw !== null) {
    ignored.push({
      param: 'commands',
      value: commandsRaw,
      reason: `${notOneOf('commands', commandsRaw, ['parent', 'any'])} (parent is the default)`,
    });
  }
  return { rest: params.toString(), theme, headingLevel: level, commands, ignored };
}
