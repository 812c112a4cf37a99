/**
 * What an embed could not take from its parameters or attributes (the link's ignored
 * parameters, and its own theme, heading-level and loading), and a link made with another model
 * version: the page's notices (LinkNotices), but not live regions, since an embed keeps one
 * live region only (the player's step announcements). Text only.
 */
import { useState } from 'react';
import { MODEL_VERSION } from '../model/index.ts';
import type { IgnoredParam } from '../app/share/linkBoot.ts';
import '../app/share/share.css';

export function EmbedNotices({
  ignored,
  otherModelVersion,
}: {
  ignored: readonly IgnoredParam[];
  otherModelVersion: number | null;
}) {
  const [showVersion, setShowVersion] = useState(true);
  const [showIgnored, setShowIgnored] = useState(true);
  return (
    <>
      {otherModelVersion !== null && showVersion && (
        <div className="share-banner version-banner">
          <p>
            These settings were made with model version {otherModelVersion}; this demo runs model
            version {MODEL_VERSION}, so its numbers can differ.
          </p>
          <button type="button" onClick={() => setShowVersion(false)}>
            Dismiss
          </button>
        </div>
      )}
      {ignored.length > 0 && showIgnored && (
        <div className="share-banner ignored-params">
          <p>
            {ignored.length === 1
              ? 'One setting of this demo was ignored'
              : `${ignored.length} settings of this demo were ignored`}
            ; the defaults are used instead:
          </p>
          <ul>
            {ignored.map((x, i) => (
              <li key={i} data-param={x.param}>
                <code>
                  {x.param}={x.value}
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
    </>
  );
}
