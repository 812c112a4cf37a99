/**
 * Version of the model's behaviour. Bump it whenever the same settings and seed can produce a
 * different trace, so links and exported traces made with another version are recognised.
 * 3: dump parts follow netlink_dump (room only, no congested bit, no overrun; a dump with no
 *    room to start is answered with ENOBUFS).
 * 4: ovpn-dco paced by its mechanisms (per-CPU delete work, RCU grace periods, timers on the
 *    receive CPUs, the granule grid at a per-run phase) and one CPU contention model (CPUs,
 *    hogs, HZ) for kworkers and OpenVPN; the 1 + 4 x load cost factor is gone.
 * 5: the run budget: a run stops at the first step boundary at or past MAX_RUN_EVENTS trace
 *    events (budget.ts); runs shorter than that are unchanged.
 * 6: dump part sizes follow the kernel's skb sizing: a part is charged 33,024 bytes (a 16 KiB
 *    alloc_size whose head rounds up to 32 KiB), not 17,152, and holds 95 entries by default
 *    (ovpn-dco's 172-byte entries in 16,384 bytes), not 80.
 */
export const MODEL_VERSION = 6;
