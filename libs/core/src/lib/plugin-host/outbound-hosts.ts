import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Host names and addresses as OUTBOUND_ALLOWED_HOSTS lists them, and the address ranges nobody reaches unlisted. */

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * The ipaddr.js range of an address, judging IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) by
 * that address. Only `unicast` (a public address) is reachable without being listed.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  const bytes = v6.toByteArray();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return ipaddr.fromByteArray(bytes.slice(12)).range();
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)).range();
  return range;
}

/** A host as compared against the allowlist: lower case, no brackets or trailing dot, addresses normalized. */
export function normalizeHost(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return isIP(bare) ? ipaddr.process(bare).toString() : bare;
}

/** OUTBOUND_ALLOWED_HOSTS → the hosts, and one line per entry that is not a host name or an IP address. */
export function parseAllowedHosts(value: string | undefined): { hosts: string[]; problems: string[] } {
  const hosts: string[] = [];
  const problems: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const host = normalizeHost(entry);
    if (isIP(host) || HOST_NAME.test(host)) hosts.push(host);
    else problems.push(`${JSON.stringify(entry)} is not a host name or IP address`);
  }
  return { hosts, problems };
}
