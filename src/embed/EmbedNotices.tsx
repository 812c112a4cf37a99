/**
 * What an embed could not take from its parameters or attributes (the link's ignored
 * parameters, a step past the end of the run, and its own theme, heading-level and loading),
 * the settings of its base changed to fit the ones given, and a link made with another model
 * version: the page's notices (LinkNotices, the same list
 * and reasons), worded for a demo and without live regions, since an embed keeps one live
 * region only (the player's step announcements). Text only.
 */
import { LinkNotices } from '../app/share/LinkNotices.tsx';
import type { IgnoredParam } from '../app/share/linkBoot.ts';

export function EmbedNotices({
  ignored,
  otherModelVersion,
  adjusted = [],
}: {
  ignored: readonly IgnoredParam[];
  otherModelVersion: number | null;
  adjusted?: readonly string[];
}) {
  return (
    <LinkNotices
      ignored={ignored}
      otherModelVersion={otherModelVersion}
      adjusted={adjusted}
      source="embed"
    />
  );
}
