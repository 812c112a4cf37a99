/**
 * What the page could not take from its link: a banner when the link was made with another
 * model version, the list of ignored parameters with their values and reasons, and the
 * settings of its base changed to fit the link's values. Text only.
 * The embeds show the same list (EmbedNotices), worded for a demo and without live regions.
 */
import { useState } from 'react';
import './share.css';
import { MODEL_VERSION } from '../../model/index.ts';
import type { IgnoredParam } from './linkBoot.ts';

/** Longest value the list shows as written; the reason names it (quoted, cut) anyway. */
const SHOWN_VALUE_CHARS = 80;

export interface LinkNoticesProps {
  ignored: readonly IgnoredParam[];
  otherModelVersion: number | null;
  /** Settings of the base changed to fit the link (LinkBoot.adjusted). */
  adjusted?: readonly string[];
  /**
   * Whose parameters: the page's link (the default; the notices are live regions), or an
   * embed's parameters or attributes (no live regions: an embed keeps one, the player's).
   */
  source?: 'link' | 'embed';
}

/** A value as the list shows it: cut when long, so a huge parameter cannot flood the page. */
export function shownValue(value: string): string {
  return value.length <= SHOWN_VALUE_CHARS
    ? value
    : `${value.slice(0, SHOWN_VALUE_CHARS)}… (${value.length} characters)`;
}

export function LinkNotices({
  ignored,
  otherModelVersion,
  adjusted = [],
  source = 'link',
}: LinkNoticesProps) {
  const [showVersion, setShowVersion] = useState(true);
  const [showIgnored, setShowIgnored] = useState(true);
  const [showAdjusted, setShowAdjusted] = useState(true);
  const embed = source === 'embed';
  const role = embed ? undefined : 'status';
  return (
    <>
      {otherModelVersion !== null && showVersion && (
        <div className="share-banner version-banner" role={role}>
          <p>
            {embed ? (
              <>
                These settings were made with model version {otherModelVersion}; this demo runs
                model version {MODEL_VERSION}, so its numbers can differ.
              </>
            ) : (
              <>
                This link was made with model version {otherModelVersion}; this page runs model
                version {MODEL_VERSION}. The same settings can give different numbers here than the
                link&rsquo;s author saw.
              </>
            )}
          </p>
          <button type="button" onClick={() => setShowVersion(false)}>
            Dismiss
          </button>
        </div>
      )}
      {ignored.length > 0 && showIgnored && (
        <div className="share-banner ignored-params" role={role}>
          <p>
            {ignored.length === 1
              ? embed
                ? 'One setting of this demo was ignored'
                : 'One parameter of the link was ignored'
              : embed
                ? `${ignored.length} settings of this demo were ignored`
                : `${ignored.length} parameters of the link were ignored`}
            ; the defaults are used instead:
          </p>
          <ul>
            {ignored.map((x, i) => (
              <li key={i} data-param={x.param}>
                <code>
                  {x.param}={shownValue(x.value)}
                </code>
                : {x.reason}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setShowIgnored(false)}>
            Dismiss
          </button>
        </div>
      )}
      {adjusted.length > 0 && showAdjusted && (
        <div className="share-banner adjusted-params" role={role}>
          <p>
            {embed ? 'This demo changed' : 'The page changed'}{' '}
            {adjusted.length === 1 ? 'one setting' : `${adjusted.length} settings`} of its base to
            fit the {embed ? 'settings given' : 'link'}:
          </p>
          <ul>
            {adjusted.map((text, i) => (
              <li key={i}>{text}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setShowAdjusted(false)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
