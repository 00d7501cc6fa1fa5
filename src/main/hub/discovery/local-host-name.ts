import { hostname } from 'node:os';

const FALLBACK_LABEL = 'backroom-hub';
const MAX_LABEL_LENGTH = 63;

/**
 * The hub's multicast DNS host name, `<label>.local`: the SRV target devices are given, the name the hub's A/AAAA
 * records answer for (RFC 6762 §3 puts both under `.local.`), and a name in its TLS certificate.
 *
 * The OS host name may be a FQDN, hold characters a DNS label cannot (RFC 1123: letters, digits and inner hyphens,
 * at most 63), or be empty, so only its first label is kept and made valid; a label left empty gives a fixed name
 * rather than no name.
 */
export function localHostName(osHostName: string = hostname()): string {
  const label = (osHostName.split('.')[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, MAX_LABEL_LENGTH)
    .replace(/^-+|-+$/g, '');
  return `${label || FALLBACK_LABEL}.local`;
}
