import { XMLBuilder } from 'fast-xml-parser';

/**
 * The NAXML-Acknowledgement the fake answers with, in the layout Petrosoft's back office documents (research §A.6):
 * TransmissionHeader, AckHeader (DocumentName, DocumentType, ValidationStatus), then one Detail per message.
 */
export type AckStatus = 'Success' | 'NonFatalError' | 'FatalError';

export interface AckDetail {
  message: string;
  severity: 'Error' | 'Warning' | 'Info';
  line?: number | undefined;
  column?: number | undefined;
}

export interface AckOptions {
  documentName?: string | undefined;
  documentType?: string | undefined;
  details?: readonly AckDetail[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

export function acknowledgementXml(status: AckStatus, options: AckOptions = {}): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'NAXML-Acknowledgement': {
      '@_version': '3.4',
      TransmissionHeader: { VendorName: 'Backroom NAXML fake', VendorModelVersion: '1.0' },
      AckHeader: {
        DocumentName: options.documentName,
        DocumentType: options.documentType,
        ValidationStatus: status,
      },
      Detail: (options.details ?? []).map((detail) => ({
        LineNumber: detail.line,
        LinePosition: detail.column,
        ValidationMessage: detail.message,
        Severity: detail.severity,
      })),
    },
  }) as string;
}
