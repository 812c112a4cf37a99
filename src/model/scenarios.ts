/**
 * Scenarios as data: named settings with a story. The CLI's --scenario, the UI's preset
 * picker and the guided tour all read this table.
 */
import { LOAD_LEVELS, type SimSettings } from './settings.ts';
import type { VariantId } from './variants.ts';

export interface Scenario {
  name: string;
  title: string;
  description: string;
  /** Settings over the defaults (the variant is chosen per lane). */
  settings: Partial<SimSettings>;
  /** The two variants the visualizer shows side by side for this story. */
  lanes: [VariantId, VariantId];
  /** For the page's story buttons: a short label and one line saying what the lanes show. */
  story?: { label: string; caption: string };
}

const LESSON_SETTINGS: Partial<SimSettings> = {
  peers: 6,
  maxClients: 8,
  batch: 6,
  load: LOAD_LEVELS.idle,
  reconnect: false,
  blockAtS: 5,
  unblockAtS: -1,
  untilS: 140,
};

export const SCENARIOS: Record<string, Scenario> = {
  overwrite: {
    name: 'overwrite',
    title: 'The overwritten slot (2.7 before the fix)',
    description:
      'The lesson\u2019s six clients, on 2.7 before the fix and with it: six DEL_PEER notifications land in one burst; the old code parses each into the one slot of dco_context_t, where the next overwrites it.',
    settings: { ...LESSON_SETTINGS },
    lanes: ['2.7-prefix', '2.7'],
    story: {
      label: 'The overwritten slot',
      caption:
        'Six clients time out at once. Left, 2.7 before the fix: each DEL_PEER overwrites the last in one slot. Right, 2.7: none lost.',
    },
  },
  lesson: {
    name: 'lesson',
    title: 'The bug in a few steps',
    description:
      'Six clients vanish behind a firewall; their six DEL_PEER notifications land in one burst while the server is idle. Watch all but one disappear.',
    settings: { ...LESSON_SETTINGS },
    lanes: ['2.6.14', '2.6.20'],
    story: {
      label: 'The wrong callback',
      caption:
        'The same six clients. Left, 2.6.14: a stats dump\u2019s parser reads the other DEL_PEERs and skips them. Right, 2.6.20: none lost.',
    },
  },
  reporter: {
    name: 'reporter',
    title: 'The reported mass timeout',
    description:
      '1024 clients behind a firewall while `stress-ng --cpu 64` keeps every CPU busy (saturated: 4 hogs per CPU on the default 16 CPUs): a mass keepalive timeout, then the firewall opens and every client tries to reconnect to a server whose slots are held by ghosts.',
    settings: {
      peers: 1024,
      maxClients: 1024,
      load: LOAD_LEVELS.saturated,
      blockAtS: 10,
      unblockAtS: 200,
      reconnect: true,
      untilS: 400,
    },
    lanes: ['2.6.14', '2.6.20'],
    story: {
      label: 'The reported storm',
      caption:
        '1,024 clients time out on a saturated server, then reconnect. Left, 2.6.14 loses most DEL_PEERs (how many depends on the load and the CPUs); right, 2.6.20 none.',
    },
  },
  'status-dump': {
    name: 'status-dump',
    title: 'The RFC patch and --status',
    description:
      'The 2.6 RFC patch drains a pure timeout storm, but a periodic status dump still installs dco_parse_peer_multi and swallows whatever DEL_PEERs are queued when it runs. Here the server is saturated and all the clients\u2019 traffic arrives on one CPU (a single receive queue), so the deletions trickle out one grace period after another and every status dump meets some.',
    settings: {
      peers: 512,
      maxClients: 512,
      load: LOAD_LEVELS.saturated,
      rxCpus: 1,
      statusIntervalS: 1,
      blockAtS: 10,
      unblockAtS: -1,
      reconnect: false,
      untilS: 160,
    },
    lanes: ['2.6-rfc-patch', '2.6.20'],
  },
  overflow: {
    name: 'overflow',
    title: 'What no variant fixes: overflow',
    description:
      'A single timer bucket of 1500 clients whose flows spread over all 16 CPUs, on an idle server: their deletions wait out one or two grace periods together, and each cluster is larger than the 425,984-byte receive buffer holds (512 at 832 bytes each): the kernel drops, the next read fails with ENOBUFS and OpenVPN exits, fixed or not.',
    settings: {
      peers: 1500,
      maxClients: 1500,
      batch: 1500,
      load: LOAD_LEVELS.idle,
      rxCpus: 16,
      blockAtS: 5,
      unblockAtS: -1,
      reconnect: false,
      untilS: 140,
    },
    lanes: ['2.6.14', '2.6.20'],
  },
  'why-the-lock': {
    name: 'why-the-lock',
    title: 'Why the fix needs the lock',
    description:
      'Without __is_locked, the stats dump a DEL_PEER triggers while libnl is still parsing nests a read inside the read: EBUSY for the second dump, the next DEL one level deeper, and inner replies ending outer waits.',
    settings: {
      peers: 240,
      maxClients: 256,
      batch: 40,
      load: LOAD_LEVELS.low,
      blockAtS: 5,
      unblockAtS: -1,
      reconnect: false,
      untilS: 140,
    },
    lanes: ['fix-no-lock', '2.6.20'],
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** Settings of a scenario for one variant (scenario settings over the defaults). */
export function scenarioSettings(name: string, variant?: VariantId): Partial<SimSettings> {
  const sc = Object.hasOwn(SCENARIOS, name) ? SCENARIOS[name] : undefined;
  if (!sc)
    throw new RangeError(
      `scenario ${JSON.stringify(name)} is not one of ${SCENARIO_NAMES.join(', ')}`,
    );
  return { ...sc.settings, variant: variant ?? sc.lanes[0] };
}
