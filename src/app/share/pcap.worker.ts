/**
 * Runs one lane's settings to the end and writes its nlmon-style capture (src/formats/pcapRun.ts)
 * off the page's thread: a long run takes seconds. One message in (the settings), one out (the
 * file, transferred, and its counts, or what failed); the page terminates the worker after.
 */
import { runPcap } from '../../formats/pcapRun.ts';
import type { SimSettings } from '../../model/index.ts';

/** What the page gets back. */
export type PcapReply =
  | { ok: true; file: Uint8Array; packets: number; delPeers: number; budgetCut: boolean }
  | { ok: false; message: string };

// the page's tsconfig has the DOM library, not WebWorker: the two members used, typed here
const scope = self as unknown as {
  onmessage: ((ev: MessageEvent<SimSettings>) => void) | null;
  postMessage: (message: PcapReply, transfer: Transferable[]) => void;
};

scope.onmessage = (ev) => {
  try {
    const r = runPcap(ev.data);
    scope.postMessage(
      {
        ok: true,
        file: r.file,
        packets: r.packets,
        delPeers: r.delPeers.length,
        budgetCut: r.summary.budgetCut,
      },
      [r.file.buffer],
    );
  } catch (e) {
    scope.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) }, []);
  }
};
