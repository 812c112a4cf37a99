/**
 * The --help text, built from the flag table and the model's defaults, ranges and scenarios,
 * so it cannot drift from what parseArgs accepts.
 */
import { MAX_RUN_EVENTS, SCENARIOS, SCENARIO_NAMES } from '../model/index.ts';
import { FLAGS, MORE_FLAG_NAMES } from './args.ts';

/** Usage text: every flag with its default and allowed values, then the scenarios. */
export function usage(): string[] {
  const more = new Set(MORE_FLAG_NAMES);
  const rows = Object.entries(FLAGS).map(([name, spec]) => {
    const left = `--${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const detail = [spec.dflt && `default ${spec.dflt}`, spec.allowed && `allowed: ${spec.allowed}`]
      .filter(Boolean)
      .join('; ');
    return { name, left, help: spec.help, detail };
  });
  const width = Math.max(...rows.map((r) => r.left.length));
  const lines = (list: typeof rows) =>
    list.flatMap((r) => [
      `  ${r.left.padEnd(width)}  ${r.help}`,
      ...(r.detail ? [`  ${''.padEnd(width)}  ${r.detail}`] : []),
    ]);
  const sw = Math.max(...SCENARIO_NAMES.map((n) => n.length));
  return [
    'Usage: npm run --silent sim -- [flags]',
    '',
    'Runs the dcoscope model in Node and prints the counts of one run, or of a seed sweep.',
    'Flags also take the form --flag=value. Bad input exits with status 2. Every setting flag',
    "is named as the visualizer's link parameter for that setting. Numbers are plain decimal",
    'with an optional fraction and exponent (1024, 0.5, 1e3), as in links and the page.',
    `A run stops at ${MAX_RUN_EVENTS.toLocaleString('en-US')} events (the run budget); runs and sweeps longer than`,
    'two seconds print their progress on stderr.',
    '',
    'Flags:',
    ...lines(rows.filter((r) => !more.has(r.name))),
    '',
    'More settings (the rig, timers, sizes, costs):',
    ...lines(rows.filter((r) => more.has(r.name))),
    '',
    'Scenarios:',
    ...SCENARIO_NAMES.map((n) => `  ${n.padEnd(sw)}  ${SCENARIOS[n]!.title}`),
  ];
}
