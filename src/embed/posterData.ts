/**
 * What the element's poster says before any app code loads: each scenario's title, lanes and
 * one line about it, and each variant's title. Built into the loader at build time from the
 * model (vite.config.ts, `virtual:dcoscope-poster`), so it is never a stale copy. Pure.
 */

export interface PosterScenario {
  title: string;
  lanes: [string, string];
  /** The story's caption (it names the scenario's lanes), or the scenario's description. */
  about: string;
  /** The scenario's description, for other lanes than its own. */
  description: string;
}

export interface PosterData {
  /** The scenario shown without a scenario attribute (the page's default story). */
  defaultScenario: string;
  scenarios: Record<string, PosterScenario>;
  variants: Record<string, string>;
}

interface ScenarioLike {
  name: string;
  title: string;
  description: string;
  lanes: readonly [string, string];
  story?: { caption: string };
}

export function posterData(
  scenarios: Record<string, ScenarioLike>,
  variants: Record<string, { id: string; title: string }>,
  defaultScenario: string,
): PosterData {
  return {
    defaultScenario,
    scenarios: Object.fromEntries(
      Object.values(scenarios).map((s) => [
        s.name,
        {
          title: s.title,
          lanes: [s.lanes[0], s.lanes[1]],
          about: s.story?.caption ?? s.description,
          description: s.description,
        },
      ]),
    ),
    variants: Object.fromEntries(Object.values(variants).map((v) => [v.id, v.title])),
  };
}
