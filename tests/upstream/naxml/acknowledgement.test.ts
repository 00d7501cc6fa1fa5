/**
 * Reading a back office's NAXML-Acknowledgement: the three statuses with their details, the namespace styles and
 * encodings real producers use, and the hostile answers that must be refused without being expanded, resolved or
 * buffered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACK_MAX_BYTES,
  AcknowledgementError,
  parseAcknowledgement,
} from '../../../src/main/hub/upstream/naxml/acknowledgement.js';
import { tempDir } from '../../helpers/ledger-testkit.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

function refusal(bytes: Uint8Array): AcknowledgementError {
  let caught: unknown;
  try {
    parseAcknowledgement(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AcknowledgementError);
  return caught as AcknowledgementError;
}

const SUCCESS = `<?xml version="1.0" encoding="UTF-8"?>
<NAXML-Acknowledgement version="3.4">
  <TransmissionHeader><StoreLocationID>1022</StoreLocationID><VendorName>BO</VendorName></TransmissionHeader>
  <AckHeader>
    <DocumentName>PJR340_1022_20261206_0000000001.xml</DocumentName>
    <DocumentType>PJR</DocumentType>
    <ValidationStatus>Success</ValidationStatus>
  </AckHeader>
</NAXML-Acknowledgement>`;

describe('parseAcknowledgement reads', () => {
  it('a Success with no details', () => {
    expect(parseAcknowledgement(utf8(SUCCESS))).toEqual({ status: 'Success', messages: [] });
  });

  it('a NonFatalError with its warning', () => {
    const ack = parseAcknowledgement(
      utf8(`<NAXML-Acknowledgement>
        <AckHeader><ValidationStatus>NonFatalError</ValidationStatus></AckHeader>
        <Detail><LineNumber>14</LineNumber><LinePosition>9</LinePosition>
          <ValidationMessage>unknown merchandise code 400, booked to 999</ValidationMessage>
          <Severity>Warning</Severity></Detail>
      </NAXML-Acknowledgement>`),
    );
    expect(ack).toEqual({
      status: 'NonFatalError',
      messages: [
        {
          lineNumber: 14,
          linePosition: 9,
          message: 'unknown merchandise code 400, booked to 999',
          severity: 'Warning',
        },
      ],
    });
  });

  it('a FatalError with several details, decoding the predefined entities and character references', () => {
    const ack = parseAcknowledgement(
      utf8(`<?xml version="1.0"?>
      <NAXML-Acknowledgement>
        <AckHeader><ValidationStatus>FatalError</ValidationStatus></AckHeader>
        <Detail><LineNumber>3</LineNumber><ValidationMessage>&lt;SaleEvent&gt; lacks &quot;CashierID&quot; &amp; more</ValidationMessage><Severity>Error</Severity></Detail>
        <Detail><ValidationMessage>caf&#233; &#x2713;</ValidationMessage></Detail>
      </NAXML-Acknowledgement>`),
    );
    expect(ack.status).toBe('FatalError');
    expect(ack.messages).toEqual([
      { lineNumber: 3, linePosition: null, message: '<SaleEvent> lacks "CashierID" & more', severity: 'Error' },
      { lineNumber: null, linePosition: null, message: 'café ✓', severity: null },
    ]);
  });

  it('Verifone style: every element with the nax: prefix', () => {
    const ack = parseAcknowledgement(
      utf8(`<?xml version="1.0" encoding="UTF-8"?>
      <nax:NAXML-Acknowledgement xmlns:nax="http://www.naxml.org/POSBO/Vocabulary/2003-10-16" version="3.4">
        <nax:AckHeader><nax:ValidationStatus>FatalError</nax:ValidationStatus></nax:AckHeader>
        <nax:Detail><nax:ValidationMessage>duplicate document</nax:ValidationMessage></nax:Detail>
      </nax:NAXML-Acknowledgement>`),
    );
    expect(ack).toEqual({
      status: 'FatalError',
      messages: [{ lineNumber: null, linePosition: null, message: 'duplicate document', severity: null }],
    });
  });

  it('Radiant style: a default namespace', () => {
    const ack = parseAcknowledgement(
      utf8(SUCCESS.replace('version="3.4"', 'xmlns="http://www.naxml.org/POSBO/Vocabulary/2003-10-16"')),
    );
    expect(ack.status).toBe('Success');
  });

  it('ISO-8859-1 as Passport writes it, byte for byte', () => {
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?>
      <NAXML-Acknowledgement><AckHeader><ValidationStatus>NonFatalError</ValidationStatus></AckHeader>
      <Detail><ValidationMessage>Café</ValidationMessage></Detail></NAXML-Acknowledgement>`,
      'latin1',
    );
    expect(latin1.includes(0xe9)).toBe(true);
    expect(parseAcknowledgement(latin1).messages[0]!.message).toBe('Café');
  });

  it('UTF-8 with a byte order mark', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(SUCCESS)]);
    expect(parseAcknowledgement(withBom).status).toBe('Success');
  });
});

describe('parseAcknowledgement refuses', () => {
  it('billion laughs, before anything is expanded', () => {
    const lols = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('');
    const error = refusal(
      utf8(`<?xml version="1.0"?><!DOCTYPE NAXML-Acknowledgement [<!ENTITY lol "lol">${lols}]>
      <NAXML-Acknowledgement><AckHeader><ValidationStatus>Success</ValidationStatus></AckHeader>
      <Detail><ValidationMessage>&lol9;</ValidationMessage></Detail></NAXML-Acknowledgement>`),
    );
    expect(error.message).toContain('DOCTYPE');
  });

  it('an external entity, whose file is never read', () => {
    // A file only this test knows: if its marker shows up anywhere, the entity was resolved.
    const secret = path.join(tempDir('backroom-xxe-'), 'secret.txt');
    const marker = 'XXE-MARKER-7d1f0c';
    fs.writeFileSync(secret, marker);
    for (const target of [`file://${secret}`, 'file:///etc/passwd']) {
      const error = refusal(
        utf8(`<?xml version="1.0"?>
        <!DOCTYPE NAXML-Acknowledgement [<!ENTITY xxe SYSTEM "${target}">]>
        <NAXML-Acknowledgement><AckHeader><ValidationStatus>FatalError</ValidationStatus></AckHeader>
        <Detail><ValidationMessage>&xxe;</ValidationMessage></Detail></NAXML-Acknowledgement>`),
      );
      const everything = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
      expect(everything).not.toContain(marker);
      expect(everything).not.toContain('root:');
    }
  });

  it('an ENTITY declaration even without a DOCTYPE keyword in upper case', () => {
    expect(refusal(utf8('<!doctype x [<!entity a "b">]><x/>')).message).toContain('DOCTYPE or ENTITY');
  });

  it('anything larger than 1 MiB, by its size alone (a 50 MB answer)', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20);
    huge.write(SUCCESS);
    expect(refusal(huge).message).toBe(`the acknowledgement is larger than ${ACK_MAX_BYTES} bytes`);
    expect(refusal(Buffer.alloc(ACK_MAX_BYTES + 1, 0x20)).message).toContain('larger than');
  });

  it('UTF-16, with or without a byte order mark', () => {
    const text = SUCCESS.replace('UTF-8', 'UTF-16');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(0)).swap16();
    const bare = Buffer.from(text, 'utf16le');
    for (const bytes of [le, be, bare]) expect(refusal(bytes).message).toContain('UTF-16');
  });

  it('an encoding other than UTF-8 or ISO-8859-1', () => {
    expect(refusal(utf8(SUCCESS.replace('UTF-8', 'windows-1250'))).message).toContain("'windows-1250'");
  });

  it('invalid UTF-8 rather than decoding it to replacement characters', () => {
    const bytes = Buffer.concat([
      utf8(
        '<NAXML-Acknowledgement><AckHeader><ValidationStatus>Success</ValidationStatus></AckHeader><Detail><ValidationMessage>',
      ),
      Buffer.from([0xc3, 0x28, 0xff]),
      utf8('</ValidationMessage></Detail></NAXML-Acknowledgement>'),
    ]);
    expect(refusal(bytes).message).toBe('the acknowledgement is not valid UTF-8');
  });

  it('another root', () => {
    expect(refusal(utf8('<NAXML-POSJournal version="3.4"/>')).message).toBe(
      'the answer is not a NAXML-Acknowledgement (its root is <NAXML-POSJournal>)',
    );
  });

  it('a missing or unknown ValidationStatus', () => {
    expect(refusal(utf8('<NAXML-Acknowledgement><AckHeader/></NAXML-Acknowledgement>')).message).toBe(
      'the acknowledgement has no AckHeader/ValidationStatus',
    );
    expect(refusal(utf8('<NAXML-Acknowledgement/>')).message).toContain('no AckHeader/ValidationStatus');
    const unknown =
      '<NAXML-Acknowledgement><AckHeader><ValidationStatus>OK</ValidationStatus></AckHeader></NAXML-Acknowledgement>';
    expect(refusal(utf8(unknown)).message).toBe("the acknowledgement has an unknown ValidationStatus 'OK'");
  });

  it('text that is not XML, and an empty answer', () => {
    expect(refusal(utf8('<html><body>502 Bad Gateway</body>')).message).toContain('not well-formed XML');
    expect(refusal(utf8('Service Unavailable')).message).toContain('not well-formed XML');
    expect(refusal(new Uint8Array()).message).toBe(
      'the acknowledgement is not well-formed XML: Start tag expected. (line 1)',
    );
  });
});
