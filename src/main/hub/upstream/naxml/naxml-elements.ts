import { buildDocument, type XmlElement } from '../../xml/xml-document.js';
import type { TenderCode, TransmissionHeader } from './naxml-documents.js';

/** What every NAXML document shares (research/upstreams.md §A.3–A.5). */

/** PrimaryReportPeriod 2: the day close, the only period the hub reports. */
export const DAY_CLOSE_PERIOD = '2';

/** `<root version="3.4">` with its `TransmissionHeader`, then `body`'s elements. */
export function naxmlDocument(root: string, header: TransmissionHeader, body: XmlElement): string {
  return buildDocument({
    [root]: {
      '@_version': '3.4',
      TransmissionHeader: {
        StoreLocationID: header.storeLocationId,
        VendorName: header.vendorName,
        VendorModelVersion: header.vendorModelVersion,
      },
      ...body,
    },
  });
}

export function tenderElement(tender: { code: TenderCode; subCode: string }): XmlElement {
  return { TenderCode: tender.code, TenderSubCode: tender.subCode };
}
