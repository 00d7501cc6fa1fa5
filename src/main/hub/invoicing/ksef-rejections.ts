/**
 * What a KSeF refusal of an invoice means for the person who must act on it (research §6, §9), keyed by the invoice
 * status code KSeF gave. `correctable`: fixing the invoice's data and sending it again can help — for an offline
 * invoice as KSeF's technical correction, for an online one as a plain resend. A permission problem (410) cannot be
 * fixed on the invoice.
 */
const EXPLANATIONS: Record<number, { explanation: string; correctable: boolean }> = {
  405: {
    explanation: 'KSeF cancelled the invoice because its session failed. Send it again as a correction.',
    correctable: true,
  },
  410: {
    explanation:
      "The KSeF token has no permission to issue this seller's invoices. Ask the seller's KSeF administrator to " +
      'grant InvoiceWrite, then set the token again in Settings → Connectors.',
    correctable: false,
  },
  415: {
    explanation: 'KSeF does not accept attachments in this session. Correct the invoice and send it again.',
    correctable: true,
  },
  430: {
    explanation:
      'KSeF found the invoice file does not match the FA(3) schema. Check the buyer data and send a correction.',
    correctable: true,
  },
  435: { explanation: 'KSeF could not decrypt the invoice. Send it again as a correction.', correctable: true },
  440: {
    explanation:
      'KSeF already holds a different document under this invoice number for this seller. Check the buyer data and ' +
      'send a correction, or ask the seller which system used the number.',
    correctable: true,
  },
  450: {
    explanation:
      'KSeF refused the content of the invoice (for example a date in the future or a wrong tax id). Fix the ' +
      "buyer's data and send a correction; the invoice keeps its number.",
    correctable: true,
  },
};

export function explainRejection(code: number): { explanation: string; correctable: boolean } {
  return (
    EXPLANATIONS[code] ?? {
      explanation: `KSeF refused the invoice (status ${code}). Check its data and send a correction.`,
      correctable: true,
    }
  );
}
