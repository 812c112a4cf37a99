/**
 * The embeds' own options, besides a link's parameters: the colour theme, the level of their
 * headings, and (the element only) when to load. Read from the iframe's query or the element's
 * attributes. Pure: no DOM, never throws (a bad value is reported and the default used).
 */

export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

export const LOADING_MODES = ['click', 'lazy', 'eager'] as const;
export type LoadingMode = (typeof LOADING_MODES)[number];

/** A value that could not be used, as the page lists a link's ignored parameters. */
export interface IgnoredOption {
  param: string;
  value: string;
  reason: string;
}

export function parseTheme(raw: string | null): { theme: Theme; problem: string | null } {
  if (raw === null || raw.trim() === '') return { theme: 'auto', problem: null };
  const t = raw.trim().toLowerCase();
  if ((THEMES as readonly string[]).includes(t)) return { theme: t as Theme, problem: null };
  return { theme: 'auto', problem: `theme must be ${THEMES.join(', ')}` };
}

export function parseLoading(raw: string | null): { loading: LoadingMode; problem: string | null } {
  if (raw === null || raw.trim() === '') return { loading: 'click', problem: null };
  const t = raw.trim().toLowerCase();
  if ((LOADING_MODES as readonly string[]).includes(t)) {
    return { loading: t as LoadingMode, problem: null };
  }
  return { loading: 'click', problem: `loading must be ${LOADING_MODES.join(', ')}` };
}

/** 1 to 6, or null (no headings: the embed's titles are plain text). */
export function parseHeadingLevel(raw: string | null): {
  level: number | null;
  problem: string | null;
} {
  if (raw === null || raw.trim() === '') return { level: null, problem: null };
  const n = Number(raw.trim());
  if (Number.isInteger(n) && n >= 1 && n <= 6) return { level: n, problem: null };
  return { level: null, problem: 'heading-level must be a whole number from 1 to 6' };
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
      ignored.push({ param: name, value: extra, reason: `${name} is given more than once` });
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
      reason: 'commands must be parent (the default) or any',
    });
  }
  return { rest: params.toString(), theme, headingLevel: level, commands, ignored };
}
