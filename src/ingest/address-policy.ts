import { BlockList, isIP } from 'node:net';
import { splitList } from '../config.js';

/** Address classes no feed fetch may reach, each with the words a refusal uses. */
const CLASSES: { reason: string; v4?: [string, number][]; v6?: [string, number][] }[] = [
  { reason: 'cloud metadata address', v4: [['169.254.169.254', 32], ['100.100.100.200', 32]], v6: [['fd00:ec2::254', 128]] },
  { reason: 'unspecified address', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  { reason: 'loopback address', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  { reason: 'private address', v4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]] },
  { reason: 'link-local address', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  { reason: 'carrier-grade NAT address', v4: [['100.64.0.0', 10]] },
  { reason: 'unique local address', v6: [['fc00::', 7]] },
  { reason: 'multicast address', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  {
    reason: 'reserved address',
    v4: [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4]],
    v6: [['2001:db8::', 32], ['100::', 64], ['fec0::', 10]],
  },
];

const LISTS = CLASSES.map((c) => {
  const list = new BlockList();
  for (const [net, prefix] of c.v4 ?? []) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of c.v6 ?? []) list.addSubnet(net, prefix, 'ipv6');
  return { reason: c.reason, list };
});

/**
 * Why an address may not be fetched from, or null when it is a public unicast address.
 * IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
 */
export function blockedReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const embedded = embeddedIpv4(bare);
    if (embedded) {
      const inner = blockedReason(embedded.v4);
      return inner ? `${embedded.kind} of a ${inner}` : null;
    }
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { reason, list } of LISTS) if (list.check(bare, type)) return reason;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (with any dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':').filter(Boolean) : [];
  const t = tail !== undefined && tail ? tail.split(':').filter(Boolean) : [];
  const zeros = tail !== undefined ? new Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

function embeddedIpv4(address: string): { v4: string; kind: string } | null {
  const g = ipv6Groups(address);
  if (g.length !== 8) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return { v4: v4(g[6]!, g[7]!), kind: 'IPv4-mapped IPv6 form' };
  if (zero(0, 6) && (g[6] !== 0 || g[7]! > 1)) return { v4: v4(g[6]!, g[7]!), kind: 'IPv4-compatible IPv6 form' };
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return { v4: v4(g[6]!, g[7]!), kind: 'NAT64 form' };
  if (g[0] === 0x2002) return { v4: v4(g[1]!, g[2]!), kind: '6to4 form' };
  return null;
}

/** The operator's FETCH_ALLOW: host names, IP addresses and CIDR ranges let through the guard. */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly nets = new BlockList();
  private empty = true;

  constructor(spec = '') {
    for (const entry of splitList(spec)) {
      this.empty = false;
      const [net, prefix] = entry.replace(/^\[|\]$/g, '').split('/');
      const family = isIP(net ?? '');
      if (family === 0) {
        this.hosts.add(entry.toLowerCase().replace(/\.$/, ''));
        continue;
      }
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.nets.addAddress(net!, type);
      else this.nets.addSubnet(net!, Number(prefix), type);
    }
  }

  allowsHost(hostname: string): boolean {
    return !this.empty && this.hosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''));
  }

  allowsAddress(address: string): boolean {
    if (this.empty) return false;
    const bare = address.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    if (family === 0) return false;
    if (this.nets.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const mapped = family === 6 ? embeddedIpv4(bare) : null;
    return mapped !== null && this.nets.check(mapped.v4, 'ipv4');
  }
}
