/**
 * The run the first page shows: the model's default settings on two lanes, the shipped 2.6.14
 * against the fixed 2.6.20, on the same seed. The end-to-end test imports this too, so the
 * page and the test's reference run can never use different settings.
 */
import { DEFAULT_SETTINGS, type SimSettings, type VariantId } from '../model/index.ts';
import type { LaneInit } from '../protocol/messages.ts';

export const DEFAULT_LANE_VARIANTS: readonly VariantId[] = ['2.6.14', '2.6.20'];

export function laneSettings(
  variant: VariantId,
  base: SimSettings = DEFAULT_SETTINGS,
): SimSettings {
  return { ...base, variant };
}

export const DEFAULT_LANES: readonly LaneInit[] = DEFAULT_LANE_VARIANTS.map((variant) => ({
  settings: laneSettings(variant),
}));
