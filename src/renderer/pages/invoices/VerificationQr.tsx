import type { VerificationCode } from '../../api/invoices.js';

/**
 * The hub's SVG as an image source. An <img> never runs what an SVG document may hold, which inlining it would; the
 * CSP allows data: images.
 */
export const svgDataUrl = (svg: string) => `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;

/**
 * A KSeF verification code as the rules print it: the QR symbol with its label right under it (KOD I: the KSeF
 * number, or OFFLINE until there is one; KOD II: CERTYFIKAT). `name` is "KOD I" or "KOD II".
 */
export function VerificationQr({ name, code }: { name: string; code: VerificationCode }) {
  return (
    <figure className="kod">
      <img className="kod-image" src={svgDataUrl(code.svg)} alt={`${name} QR code`} width={176} height={176} />
      <figcaption className="kod-label">{code.label}</figcaption>
    </figure>
  );
}
