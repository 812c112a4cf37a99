/**
 * The main page's share layer, inside the playback provider: opens the link's step, keeps the
 * address bar in step with the view, shows what the link could not set, and the share menu.
 */
import { useCallback, useState } from 'react';
import { stepPastEnd, type LinkBoot } from './linkBoot.ts';
import { LinkNotices } from './LinkNotices.tsx';
import { ShareMenu } from './ShareMenu.tsx';
import { useLinkSync } from './useLinkSync.ts';

export function ShareLayer({ boot }: { boot: LinkBoot | undefined }) {
  const [beyond, setBeyond] = useState<{ step: number; length: number } | null>(null);
  const onStepBeyondEnd = useCallback(
    (step: number, length: number) => setBeyond({ step, length }),
    [],
  );
  useLinkSync({
    step: boot?.step ?? null,
    writeUrl: true,
    onStepBeyondEnd,
  });
  const ignored = [...(boot?.ignored ?? [])];
  if (beyond) ignored.push(stepPastEnd(beyond.step, beyond.length));
  return (
    <>
      <LinkNotices
        ignored={ignored}
        otherModelVersion={boot?.otherModelVersion ?? null}
        adjusted={boot?.adjusted ?? []}
      />
      <ShareMenu />
    </>
  );
}
