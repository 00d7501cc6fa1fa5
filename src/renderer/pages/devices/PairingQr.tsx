import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';

/** The payload as a QR code image (a data: URL, which the CSP allows for images). */
export function PairingQr({ text, label }: { text: string; label: string }) {
  const [image, setImage] = useState<{ src?: string; error?: string }>({});
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 232 })
      .then((src) => current && setImage({ src }))
      .catch((error: unknown) => current && setImage({ error: `The QR code could not be drawn: ${String(error)}` }));
    return () => {
      current = false;
    };
  }, [text]);
  if (image.error) return <ErrorMessage text={image.error} />;
  return image.src ? <img className="qr" src={image.src} alt={label} width={232} height={232} /> : null;
}
