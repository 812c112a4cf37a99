/**
 * Where each function named in the trace lives upstream, at the ref the variant cites:
 * OpenVPN at the variant's tag or commit, libnl 3.7, ovpn-dco for 2.6 kernels, mainline Linux
 * for 2.7. Data only (file and line), from upstream.json; no upstream code is copied.
 */
import data from './upstream.json' with { type: 'json' };
import type { Variant } from './variants.ts';

type Row = [repo: string, ref: string, file: string, fn: string, line: number | null];

const rows = (data as unknown as { functions: Row[] }).functions;

const REPO_REF: Record<string, (v: Variant) => string> = {
  'OpenVPN/openvpn': (v) => v.ref,
  'thom311/libnl': () => 'libnl3_7_0',
  'OpenVPN/ovpn-dco': () => 'v0.2.20251017',
  'torvalds/linux': () => 'v6.16',
};

/** Functions in the Linux core that have no entry: linked at file level. */
const LINUX_FILES: Record<string, string> = {
  netlink_dump: 'net/netlink/af_netlink.c',
  netlink_recvmsg: 'net/netlink/af_netlink.c',
  netlink_broadcast: 'net/netlink/af_netlink.c',
  synchronize_rcu: 'kernel/rcu/tree.c',
};

export interface FnSource {
  repo: string;
  ref: string;
  file: string;
  line: number | null;
  url: string;
}

function url(repo: string, ref: string, file: string, line: number | null): string {
  return `https://github.com/${repo}/blob/${ref}/${file}${line ? `#L${line}` : ''}`;
}

/**
 * Upstream location of `fn` for this variant (and the kernel actually run, which defaults to
 * the variant's), or null when the name is not a C function.
 */
export function fnSource(
  variant: Variant,
  fn: string,
  kernel: 'ovpn-dco' | 'mainline' = variant.kernel,
): FnSource | null {
  const kernelRepo = kernel === 'mainline' ? 'torvalds/linux' : 'OpenVPN/ovpn-dco';
  for (const repo of ['OpenVPN/openvpn', 'thom311/libnl', kernelRepo]) {
    const ref = REPO_REF[repo]!(variant);
    const row = rows.find((r) => r[0] === repo && r[1] === ref && r[3] === fn);
    if (row) return { repo, ref, file: row[2], line: row[4], url: url(repo, ref, row[2], row[4]) };
  }
  const file = LINUX_FILES[fn];
  if (file)
    return {
      repo: 'torvalds/linux',
      ref: 'v6.16',
      file,
      line: null,
      url: url('torvalds/linux', 'v6.16', file, null),
    };
  return null;
}

export function upstreamUrl(
  variant: Variant,
  fn: string,
  kernel: 'ovpn-dco' | 'mainline' = variant.kernel,
): string | null {
  return fnSource(variant, fn, kernel)?.url ?? null;
}
