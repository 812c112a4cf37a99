/**
 * Version of the model's behaviour. Bump it whenever the same settings and seed can produce a
 * different trace, so links and exported traces made with another version are recognised.
 * 3: dump parts follow netlink_dump (room only, no congested bit, no overrun; a dump with no
 *    room to start is answered with ENOBUFS).
 */
export const MODEL_VERSION = 3;
