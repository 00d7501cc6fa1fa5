import type { ServerResponse } from 'node:http';
import { acknowledgementXml } from './acknowledgement.js';

/**
 * Answers a hostile or broken back office could send, so the hub's tests can show none of them is believed, none
 * reads a local file, and none is buffered whole.
 */
export type HostileAck = 'billionLaughs' | 'externalEntity' | 'huge' | 'utf16' | 'invalidUtf8';

/** How big `huge` is: far past any limit a client should keep in memory. */
export const HUGE_ANSWER_BYTES = 50 * 1024 * 1024;

const CHUNK = Buffer.alloc(64 * 1024, 'A');

const BILLION_LAUGHS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE NAXML-Acknowledgement [
  <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}
]>
<NAXML-Acknowledgement><AckHeader><ValidationStatus>Success</ValidationStatus></AckHeader>
<Detail><ValidationMessage>&lol9;</ValidationMessage></Detail></NAXML-Acknowledgement>
`;

const EXTERNAL_ENTITY = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE NAXML-Acknowledgement [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<NAXML-Acknowledgement><AckHeader><ValidationStatus>Success</ValidationStatus></AckHeader>
<Detail><ValidationMessage>&xxe;</ValidationMessage></Detail></NAXML-Acknowledgement>
`;

const OPEN_SUCCESS =
  '<?xml version="1.0" encoding="UTF-8"?>\n<NAXML-Acknowledgement><AckHeader><ValidationStatus>Success' +
  '</ValidationStatus></AckHeader><Detail><ValidationMessage>';
const CLOSE_SUCCESS = '</ValidationMessage></Detail></NAXML-Acknowledgement>\n';

function bodyOf(kind: Exclude<HostileAck, 'huge'>): Buffer {
  switch (kind) {
    case 'billionLaughs':
      return Buffer.from(BILLION_LAUGHS);
    case 'externalEntity':
      return Buffer.from(EXTERNAL_ENTITY);
    case 'utf16': {
      const xml = acknowledgementXml('Success').replace('encoding="UTF-8"', 'encoding="UTF-16"');
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    }
    case 'invalidUtf8':
      // 0xC3 must start a two-byte sequence and 0x28 cannot continue one; 0xFF never appears in UTF-8.
      return Buffer.concat([Buffer.from(OPEN_SUCCESS), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(CLOSE_SUCCESS)]);
  }
}

/** Sends the answer with status 200; resolves with the body bytes written before it ended or the client left. */
export async function sendHostileAck(res: ServerResponse, kind: HostileAck): Promise<number> {
  if (kind !== 'huge') {
    const body = bodyOf(kind);
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': body.length });
    res.end(body);
    return body.length;
  }
  const head = Buffer.from(OPEN_SUCCESS);
  const tail = Buffer.from(CLOSE_SUCCESS);
  res.writeHead(200, {
    'Content-Type': 'application/xml; charset=utf-8',
    'Content-Length': head.length + HUGE_ANSWER_BYTES + tail.length,
  });
  let written = 0;
  const write = async (chunk: Buffer): Promise<boolean> => {
    if (res.destroyed) return false;
    written += chunk.length;
    // Streamed with back-pressure, so the fake holds one chunk at a time, and stops when the client goes away.
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const settle = () => {
          res.off('drain', settle);
          res.off('close', settle);
          resolve();
        };
        res.on('drain', settle);
        res.on('close', settle);
      });
    }
    return !res.destroyed;
  };
  if (!(await write(head))) return written;
  for (let sent = 0; sent < HUGE_ANSWER_BYTES; sent += CHUNK.length) {
    if (!(await write(CHUNK.subarray(0, Math.min(CHUNK.length, HUGE_ANSWER_BYTES - sent))))) return written;
  }
  if (await write(tail)) res.end();
  return written;
}
