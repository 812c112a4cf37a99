/**
 * The stations of a lane's stage, left to right: the pipeline a DEL_PEER notification travels
 * from the kernel to OpenVPN's instance table. Other parts of the page (the tour, the detail
 * panels) name a station by its key.
 */
import type { StationKey } from '../../protocol/view.ts';

export type { StationKey };

export interface Station {
  key: StationKey;
  /** Short name on the stage. */
  name: string;
  /** What it stands for, for the accessible description. */
  about: string;
}

export const STATIONS: readonly Station[] = [
  {
    key: 'kernel',
    name: 'kernel',
    about:
      "the kernel module: peer keepalive timers and the deletion of expired peers (ovpn-dco: per-CPU delete work that waits out an RCU grace period, so DEL_PEERs leave in clusters at a grace period's end; mainline ovpn: one scan, no grace period)",
  },
  {
    key: 'socket',
    name: 'socket queue',
    about: "the netlink socket's receive queue: bytes used of its receive buffer",
  },
  {
    key: 'reader',
    name: 'libnl reader',
    about: "libnl's reader: the VALID callback installed now and the request in flight",
  },
  {
    key: 'slot',
    name: 'dco_context_t',
    about: "OpenVPN's single slot for the notification just parsed",
  },
  {
    key: 'multi',
    name: 'multi_context',
    about: "OpenVPN's client instances, ghosts among them, and the max-clients gauge",
  },
];

export const STATION_KEYS: readonly StationKey[] = STATIONS.map((s) => s.key);

/** The id of a station's detail panel in a lane (the stage links to it, the tour scrolls to it). */
export function stationPanelId(lane: number, key: StationKey): string {
  return `lane${lane}-${key}`;
}
