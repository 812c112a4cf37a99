/**
 * The --help text, built from the flag table and the model's defaults, ranges and scenarios,
 * so it cannot drift from what parseArgs accepts.
 */
import { SCENARIOS, SCENARIO_NAMES } from '../model/index.ts';
import { FLAGS } from './args.ts';

/** Usage text: every flag with its default and allowed values, then the scenarios. */
export function usage(): string[] {
  const rows = Object.entries(FLAGS).map(([name, spec]) => {
    const left = `--${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const more = [spec.dflt && `default ${spec.dflt}`, spec.allowed && `allowed: ${spec.allowed}`]
      .filter(Boolean)
      .join('; ');
    return [left, spec.help, more] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length));
  const flagLines = rows.flatMap(([l, help, more]) => [
    `  ${l.padEnd(width)}  ${help}`,
    ...(more ? [`  ${''.padEnd(width)}  ${more}`] : []),
  ]);
  const sw = Math.max(...SCENARIO_NAMES.map((n) => n.length));
  return [
    'Usage: npm run --silent sim -- [flags]',
    '',
    'Runs the dcoscope model in Node and prints the counts of one run, or of a seed sweep.',
    'Flags also take the form --flag=value. Bad input exits with status 2.',
    '',
    'Flags:',
    ...flagLines,
    '',
    'Scenarios:',
    ...SCENARIO_NAMES.map((n) => `  ${n.padEnd(sw)}  ${SCENARIOS[n]!.title}`),
  ];
}
