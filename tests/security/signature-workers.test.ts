import { afterEach, describe, expect, it } from 'vitest';
import { parseDeviceKey } from '../../src/main/hub/devices/device-key.js';
import { SignatureWorkers, type SignedText } from '../../src/main/hub/devices/signature-workers.js';
import { TestDevice } from '../helpers/device-signer.js';

const device = new TestDevice();
const key = parseDeviceKey(device.publicKey);
const signed = (text: string): SignedText => ({ text, sig: device.signBytes(Buffer.from(text, 'utf8')) });

describe('SignatureWorkers', () => {
  let pool: SignatureWorkers | undefined;
  afterEach(() => pool?.close());

  it('answers each signature of a batch on a worker, in order, forged and misspelt ones false', async () => {
    pool = new SignatureWorkers(2);
    const items = Array.from({ length: 40 }, (_, index) => signed(`event ${index} · zażółć`));
    items[7] = { ...items[7]!, text: 'event 7, changed after signing' };
    items[19] = { ...items[19]!, sig: `${items[19]!.sig.slice(0, -1)}${items[19]!.sig.at(-1) === 'A' ? 'B' : 'A'}` };
    items[30] = { ...items[30]!, sig: 'not base64url at all!' };
    const valid = await pool.verifyMany(key, items);
    expect(valid.flatMap((ok, index) => (ok ? [] : [index]))).toEqual([7, 19, 30]);
  });

  it('verifies nothing under a weak key, and checks in place once closed', async () => {
    pool = new SignatureWorkers(1);
    const items = Array.from({ length: 10 }, (_, index) => signed(`event ${index}`));
    const identity = parseDeviceKey(Buffer.from([1, ...new Array<number>(31).fill(0)]).toString('base64url'));
    expect(await pool.verifyMany(identity, items)).toEqual(items.map(() => false));
    await pool.close();
    expect(await pool.verifyMany(key, items)).toEqual(items.map(() => true));
  });
});
