/**
 * Headers on every response of a listener. The CSP is the React build's needs and no more: its own scripts and styles
 * (inline styles too, which libraries set), QR codes as data: images, and fetch/WebSocket to the hub itself ('self'
 * covers ws: on the same host in CSP 3). frame-ancestors works only as a header, which is why the policy is sent, not meta.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Devices get JSON only, but a browser pointed at the LAN listener must not sniff it into something else either.
const LAN_HEADERS: Readonly<Record<string, string>> = { 'x-content-type-options': 'nosniff' };

const UI_HEADERS: Readonly<Record<string, string>> = {
  ...LAN_HEADERS,
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function securityHeaders(listener: 'ui' | 'lan'): Readonly<Record<string, string>> {
  return listener === 'ui' ? UI_HEADERS : LAN_HEADERS;
}
