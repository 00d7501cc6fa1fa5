/**
 * Whether a request's Accept-Encoding lists gzip as acceptable (RFC 9110 §12.5.3): named, with no `q=0`. Only an
 * explicit `gzip` counts, not `*`: a client that never asked for it must get the bytes it always got.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const list = Array.isArray(header) ? header.join(',') : header;
  for (const item of list.split(',')) {
    const [coding, ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip') continue;
    const weight = parameters.find((parameter) => parameter.startsWith('q='));
    return weight === undefined || Number(weight.slice(2)) > 0;
  }
  return false;
}
