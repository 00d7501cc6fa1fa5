import type { XmlElement } from '../../xml/xml-document.js';

export type PosCodeFormat = 'upcA' | 'ean13' | 'ean8' | 'gtin' | 'plu';

// By length alone, with no check-digit test: the code is the product id whatever its check digit, and the format
// only tells a back office how to read it.
const FORMAT_BY_DIGITS: ReadonlyMap<number, PosCodeFormat> = new Map([
  [12, 'upcA'],
  [13, 'ean13'],
  [8, 'ean8'],
  [14, 'gtin'],
]);

/** The `POSCodeFormat` of a product code: a barcode by its digit count, anything else a store PLU. */
export function posCodeFormatOf(code: string): PosCodeFormat {
  if (!/^[0-9]+$/.test(code)) return 'plu';
  return FORMAT_BY_DIGITS.get(code.length) ?? 'plu';
}

/** The `ItemCode` of the journal's ItemLine and of ISMDetail. */
export function itemCodeElement(posCode: string): XmlElement {
  return {
    POSCodeFormat: { '@_format': posCodeFormatOf(posCode) },
    POSCode: posCode,
    POSCodeModifier: '0',
  };
}
