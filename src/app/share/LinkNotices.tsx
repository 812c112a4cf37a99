/**
 * What the page could not take from its link: a banner when the link was made with another
 * model version, and the list of ignored parameters with their values and reasons. Text only.
 */
import { useState } from 'react';
import './share.css';
import { MODEL_VERSION } from '../../model/index.ts';
import type { IgnoredParam } from './linkBoot.ts';

export interface LinkNoticesProps {
  ignored: readonly IgnoredParam[];
  otherModelVersion: number | null;
}

export function LinkNotices({ ignored, otherModelVersion }: LinkNoticesProps) {
  const [showVersion, setShowVersion] = useState(true);
  const [showIgnored, setShowIgnored] = useState(true);
  return (
    <>
      {otherModelVersion !== null && showVersion && (
        <div className="share-banner version-banner" role="status">
          <p>
            This link was made with model version {otherModelVersion}; this page runs model version{' '}
            {MODEL_VERSION}. The same settings can give different numbers here than the link&rsquo;s
            author saw.
          </p>
          <button type="button" onClick={() => setShowVersion(false)}>
            Dismiss
          </button>
        </div>
      )}
      {ignored.length > 0 && showIgnored && (
        <div className="share-banner ignored-params" role="status">
          <p>
            {ignored.length === 1
              ? 'One parameter of the link was ignored'
              : `${ignored.length} parameters of the link were ignored`}
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
