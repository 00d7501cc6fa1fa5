/**
 * The KSeF API fake driven the way a client meets KSeF: plain fetch over loopback and node:crypto written here, not
 * the hub's client. Real RSA-OAEP and AES-256-CBC, the token login, interactive and batch sessions, the invoice
 * outcomes (200, 440, 450, 550, technical correction), UPOs, and the faults and limits a client must live with.
 */
import {
  constants,
  createCipheriv,
  createHash,
  type KeyObject,
  publicEncrypt,
  randomBytes,
  randomUUID,
  X509Certificate,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { type KsefFake, type KsefFakeOptions, startKsefFake } from '../../src/fakes/ksef/index.js';

const NIP = '5265877635';
const TOKEN = `ksef-token-${randomUUID()}`;
const UPO_NAMESPACE = 'http://upo.schematy.mf.gov.pl/KSeF/v4-3';
const template = readFileSync(new URL('../fixtures/ksef/invoice-template-fa-3.xml', import.meta.url), 'utf8');

const fakes: KsefFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function start(options: KsefFakeOptions = {}): Promise<KsefFake> {
  const fake = await startKsefFake({ tokens: { [TOKEN]: NIP }, ...options });
  fakes.push(fake);
  return fake;
}

/** A clock a test can move forward: the fake's `now` option. */
function movableClock(): { now: () => Date; advance: (ms: number) => void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

function warsawDay(offsetDays = 0): string {
  const instant = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(instant);
}

/** CRC-8 (poly 0x07, init 0) as numer-ksef.md defines it, written again here so the test judges the fake. */
function crc8(value: string): string {
  let crc = 0;
  for (const byte of Buffer.from(value)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc.toString(16).toUpperCase().padStart(2, '0');
}

function isValidKsefNumber(value: string): boolean {
  return /^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/.test(value) && crc8(value.slice(0, 32)) === value.slice(33);
}

/** The official FA(3) template for NIP, issued on `issueDate` (Warsaw), with a number of its own. */
function invoice(
  issueDate = warsawDay(),
  number = `FA/${randomUUID().slice(0, 8)}/2026`,
): { bytes: Buffer; number: string } {
  const filled = template
    .replace('#nip#', NIP)
    .replace(/<P_1>[^<]*<\/P_1>/, `<P_1>${issueDate}</P_1>`)
    .replace(/<P_2>[^<]*<\/P_2>/, `<P_2>${number}</P_2>`);
  return { bytes: Buffer.from(filled, 'utf8'), number };
}

interface Json {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, asserted field by field
}

async function call(
  fake: KsefFake,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Json> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.bearer !== undefined) headers['Authorization'] = `Bearer ${options.bearer}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const raw = await response.text();
  return { status: response.status, headers: response.headers, body: raw === '' ? undefined : JSON.parse(raw) };
}

function exceptionCode(answer: Json): number {
  return answer.body.exception.exceptionDetailList[0].exceptionCode;
}

interface MfKeys {
  token: { key: KeyObject; publicKeyId: string };
  symmetric: { key: KeyObject; publicKeyId: string };
}

async function mfKeys(fake: KsefFake): Promise<MfKeys> {
  const { body } = await call(fake, 'GET', '/security/public-key-certificates');
  const pick = (usage: string) => {
    const entry = body.find((candidate: { usage: string[] }) => candidate.usage.includes(usage));
    return {
      key: new X509Certificate(Buffer.from(entry.certificate, 'base64')).publicKey,
      publicKeyId: entry.publicKeyId,
    };
  };
  return { token: pick('KsefTokenEncryption'), symmetric: pick('SymmetricKeyEncryption') };
}

const oaep = (key: KeyObject, data: Buffer) =>
  publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await sleep(10);
  }
  throw new Error('the fake never got there');
}

interface Login {
  referenceNumber: string;
  authenticationToken: string;
  accessToken: string;
  refreshToken: string;
}

/** Challenge, RSA-OAEP-encrypted `token|timestampMs`, then the status polled; redeemed only when it ends in 200. */
async function startLogin(fake: KsefFake, keys: MfKeys, token = TOKEN, nip = NIP) {
  const challenge = await call(fake, 'POST', '/auth/challenge');
  const encryptedToken = oaep(keys.token.key, Buffer.from(`${token}|${challenge.body.timestampMs}`)).toString('base64');
  const init = await call(fake, 'POST', '/auth/ksef-token', {
    body: {
      challenge: challenge.body.challenge,
      contextIdentifier: { type: 'Nip', value: nip },
      encryptedToken,
      publicKeyId: keys.token.publicKeyId,
    },
  });
  expect(init.status).toBe(202);
  const { referenceNumber, authenticationToken } = init.body;
  const status = await pollUntil(
    () => call(fake, 'GET', `/auth/${referenceNumber}`, { bearer: authenticationToken.token }),
    (answer) => answer.body.status.code !== 100,
  );
  return { challenge, referenceNumber, authenticationToken: authenticationToken.token as string, status };
}

async function login(fake: KsefFake, keys: MfKeys): Promise<Login> {
  const started = await startLogin(fake, keys);
  expect(started.status.body.status.code).toBe(200);
  const tokens = await call(fake, 'POST', '/auth/token/redeem', { bearer: started.authenticationToken });
  expect(tokens.status).toBe(200);
  return {
    referenceNumber: started.referenceNumber,
    authenticationToken: started.authenticationToken,
    accessToken: tokens.body.accessToken.token,
    refreshToken: tokens.body.refreshToken.token,
  };
}

interface Session {
  ref: string;
  key: Buffer;
  iv: Buffer;
}

function encryption(keys: MfKeys, key: Buffer, iv: Buffer) {
  return {
    encryptedSymmetricKey: oaep(keys.symmetric.key, key).toString('base64'),
    initializationVector: iv.toString('base64'),
    publicKeyId: keys.symmetric.publicKeyId,
  };
}

const FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };

async function openOnline(fake: KsefFake, keys: MfKeys, access: string): Promise<Session> {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const opened = await call(fake, 'POST', '/sessions/online', {
    bearer: access,
    body: { formCode: FA3, encryption: encryption(keys, key, iv) },
  });
  expect(opened.status).toBe(201);
  return { ref: opened.body.referenceNumber, key, iv };
}

function aes(data: Uint8Array, session: Session): Buffer {
  const cipher = createCipheriv('aes-256-cbc', session.key, session.iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function sendRequest(bytes: Buffer, session: Session, extra: Record<string, unknown> = {}) {
  const encrypted = aes(bytes, session);
  return {
    invoiceHash: sha256(bytes),
    invoiceSize: bytes.length,
    encryptedInvoiceHash: sha256(encrypted),
    encryptedInvoiceSize: encrypted.length,
    encryptedInvoiceContent: encrypted.toString('base64'),
    offlineMode: false,
    ...extra,
  };
}

async function send(fake: KsefFake, access: string, session: Session, body: unknown): Promise<Json> {
  return call(fake, 'POST', `/sessions/online/${session.ref}/invoices`, { bearer: access, body });
}

/** Sends and waits for the final status of the invoice. */
async function sendAndSettle(
  fake: KsefFake,
  access: string,
  session: Session,
  bytes: Buffer,
  extra: Record<string, unknown> = {},
): Promise<Json['body']> {
  const sent = await send(fake, access, session, sendRequest(bytes, session, extra));
  expect(sent.status).toBe(202);
  return settled(fake, access, session.ref, sent.body.referenceNumber);
}

async function settled(fake: KsefFake, access: string, sessionRef: string, invoiceRef: string): Promise<Json['body']> {
  const answer = await pollUntil(
    () => call(fake, 'GET', `/sessions/${sessionRef}/invoices/${invoiceRef}`, { bearer: access }),
    (status) => ![100, 150].includes(status.body.status.code),
  );
  return answer.body;
}

async function ready(fake: KsefFake) {
  const keys = await mfKeys(fake);
  const { accessToken } = await login(fake, keys);
  return { keys, access: accessToken, session: await openOnline(fake, keys, accessToken) };
}

describe('KSeF API fake: MF public keys', () => {
  it('serves one certificate per usage, self-signed RSA-2048, with the ids the API defines', async () => {
    const fake = await start();
    const { status, body } = await call(fake, 'GET', '/security/public-key-certificates');
    expect(status).toBe(200);
    expect(body.map((entry: { usage: string[] }) => entry.usage)).toEqual([
      ['KsefTokenEncryption'],
      ['SymmetricKeyEncryption'],
    ]);
    for (const entry of body) {
      const der = Buffer.from(entry.certificate, 'base64');
      const certificate = new X509Certificate(der);
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(entry.certificateId).toBe(sha256(der));
      expect(entry.publicKeyId).toBe(sha256(certificate.publicKey.export({ type: 'spki', format: 'der' })));
      expect(Date.parse(entry.validFrom)).toBeLessThan(Date.now());
      expect(Date.parse(entry.validTo)).toBeGreaterThan(Date.now());
    }
    expect(body[0].publicKeyId).not.toBe(body[1].publicKeyId);
  });
});

describe('KSeF API fake: login with a KSeF token', () => {
  it('runs challenge → ksef-token → status → redeem once → refresh, and access tokens expire', async () => {
    const clock = movableClock();
    const fake = await start({ now: clock.now, processingDelayMs: 300 });
    const keys = await mfKeys(fake);

    const challenge = await call(fake, 'POST', '/auth/challenge');
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({ clientIp: '127.0.0.1', timestampMs: expect.any(Number) });
    expect(challenge.body.challenge).toMatch(/^\d{8}-CR-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
    expect(Date.parse(challenge.body.timestamp)).toBe(challenge.body.timestampMs);

    const encryptedToken = oaep(keys.token.key, Buffer.from(`${TOKEN}|${challenge.body.timestampMs}`));
    const body = {
      challenge: challenge.body.challenge,
      contextIdentifier: { type: 'Nip', value: NIP },
      encryptedToken: encryptedToken.toString('base64'),
    };
    const init = await call(fake, 'POST', '/auth/ksef-token', { body });
    expect(init.status).toBe(202);
    expect(init.body.referenceNumber).toMatch(/^\d{8}-AU-/);
    const authToken = init.body.authenticationToken.token;
    expect(authToken.split('.')).toHaveLength(3);
    // A challenge is good for one login only.
    expect(exceptionCode(await call(fake, 'POST', '/auth/ksef-token', { body }))).toBe(21111);

    const first = await call(fake, 'GET', `/auth/${init.body.referenceNumber}`, { bearer: authToken });
    expect(first.body).toMatchObject({ authenticationMethod: 'Token', status: { code: 100 } });
    expect(exceptionCode(await call(fake, 'POST', '/auth/token/redeem', { bearer: authToken }))).toBe(21301);
    const done = await pollUntil(
      () => call(fake, 'GET', `/auth/${init.body.referenceNumber}`, { bearer: authToken }),
      (answer) => answer.body.status.code !== 100,
    );
    expect(done.body.status).toEqual({ code: 200, description: 'Uwierzytelnianie zakończone sukcesem' });
    expect((await call(fake, 'GET', `/auth/${init.body.referenceNumber}`)).status).toBe(401);

    const redeemed = await call(fake, 'POST', '/auth/token/redeem', { bearer: authToken });
    expect(redeemed.status).toBe(200);
    const again = await call(fake, 'POST', '/auth/token/redeem', { bearer: authToken });
    expect(again.status).toBe(400);
    expect(again.body.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21301,
      exceptionDescription: 'Brak autoryzacji.',
      details: [expect.stringContaining('zostały już pobrane')],
    });
    expect(again.body.exception).toMatchObject({ referenceNumber: expect.any(String), timestamp: expect.any(String) });

    const access = redeemed.body.accessToken.token;
    expect(Date.parse(redeemed.body.accessToken.validUntil) - clock.now().getTime()).toBeGreaterThan(14 * 60_000);
    const claims = JSON.parse(Buffer.from(access.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ 'context-identifier-value': NIP, exp: expect.any(Number) });
    const opened = await openOnline(fake, keys, access);
    expect(opened.ref).toMatch(/^\d{8}-SO-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
    expect(crc8(opened.ref.slice(0, 33))).toBe(opened.ref.slice(34));

    clock.advance(16 * 60_000);
    const expired = await call(fake, 'GET', `/sessions/${opened.ref}`, { bearer: access });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-type')).toContain('application/problem+json');
    expect(expired.body).toMatchObject({ title: 'Unauthorized', status: 401 });
    expect((await call(fake, 'GET', `/sessions/${opened.ref}`)).status).toBe(401);

    const refreshed = await call(fake, 'POST', '/auth/token/refresh', { bearer: redeemed.body.refreshToken.token });
    expect(refreshed.status).toBe(200);
    const status = await call(fake, 'GET', `/sessions/${opened.ref}`, { bearer: refreshed.body.accessToken.token });
    expect(status.body.status).toEqual({ code: 100, description: 'Sesja interaktywna otwarta' });
    expect((await call(fake, 'POST', '/auth/token/refresh', { bearer: access })).status).toBe(401);
  });

  it('accepts a wrong or revoked token at ksef-token and ends its login in 450', async () => {
    const fake = await start();
    const keys = await mfKeys(fake);
    const wrong = await startLogin(fake, keys, 'not-a-registered-token');
    expect(wrong.status.body.status).toMatchObject({ code: 450, details: ['Nieprawidłowy token'] });
    const otherContext = await startLogin(fake, keys, TOKEN, '1111111111');
    expect(otherContext.status.body.status.code).toBe(450);

    const { accessToken, refreshToken } = await login(fake, keys);
    fake.revokeToken(TOKEN);
    expect((await call(fake, 'POST', '/sessions/online', { bearer: accessToken, body: {} })).status).toBe(401);
    expect(exceptionCode(await call(fake, 'POST', '/auth/token/refresh', { bearer: refreshToken }))).toBe(21301);
    const revoked = await startLogin(fake, keys);
    expect(revoked.status.body.status).toMatchObject({ code: 450, details: ['Token unieważniony'] });
  });
});

describe('KSeF API fake: interactive session', () => {
  it('numbers a valid FA(3) and serves its UPO byte-identical, hashed and naming number and hash', async () => {
    const clock = movableClock();
    const fake = await start({ now: clock.now });
    const { access, session } = await ready(fake);
    const { bytes, number } = invoice();

    const sent = await send(fake, access, session, sendRequest(bytes, session));
    expect(sent.status).toBe(202);
    expect(sent.body.referenceNumber).toMatch(/^\d{8}-EE-/);
    const status = await settled(fake, access, session.ref, sent.body.referenceNumber);
    expect(status).toMatchObject({
      ordinalNumber: 1,
      invoiceNumber: number,
      referenceNumber: sent.body.referenceNumber,
      invoiceHash: sha256(bytes),
      invoicingMode: 'Online',
      status: { code: 200, description: 'Sukces' },
    });
    const ksefNumber: string = status.ksefNumber;
    expect(isValidKsefNumber(ksefNumber)).toBe(true);
    expect(ksefNumber.slice(0, 19)).toBe(`${NIP}-${warsawDay().replaceAll('-', '')}`);
    expect(Date.parse(status.permanentStorageDate)).toBeGreaterThan(Date.parse(status.acquisitionDate));
    expect(Date.parse(status.upoDownloadUrlExpirationDate) - Date.now()).toBeGreaterThan(59 * 60_000);

    // The link needs no token and lives outside /v2; the bytes are the same on every download.
    expect(status.upoDownloadUrl).not.toContain('/v2/');
    const first = await fetch(status.upoDownloadUrl);
    const upo = Buffer.from(await first.arrayBuffer());
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ms-meta-hash')).toBe(sha256(upo));
    const relinked = await settled(fake, access, session.ref, sent.body.referenceNumber);
    const second = Buffer.from(await (await fetch(relinked.upoDownloadUrl)).arrayBuffer());
    expect(second.equals(upo)).toBe(true);
    const byNumber = await fetch(`${fake.url}/sessions/${session.ref}/invoices/ksef/${ksefNumber}/upo`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(Buffer.from(await byNumber.arrayBuffer()).equals(upo)).toBe(true);
    const xml = upo.toString('utf8');
    expect(xml).toContain(`<Potwierdzenie xmlns="${UPO_NAMESPACE}">`);
    expect(xml).toContain(`<NumerKSeFDokumentu>${ksefNumber}</NumerKSeFDokumentu>`);
    expect(xml).toContain(`<SkrotDokumentu>${sha256(bytes)}</SkrotDokumentu>`);
    expect(xml).toContain(`<NumerFaktury>${number}</NumerFaktury>`);
    expect(xml).toContain(`<DataWystawieniaFaktury>${warsawDay()}</DataWystawieniaFaktury>`);
    expect(xml).toContain('<TrybWysylki>Online</TrybWysylki>');

    expect((await call(fake, 'POST', `/sessions/online/${session.ref}/close`, { bearer: access })).status).toBe(204);
    const closed = await pollUntil(
      () => call(fake, 'GET', `/sessions/${session.ref}`, { bearer: access }),
      (answer) => answer.body.status.code !== 170,
    );
    expect(closed.body).toMatchObject({
      status: { code: 200 },
      invoiceCount: 1,
      successfulInvoiceCount: 1,
      failedInvoiceCount: 0,
    });
    const page = closed.body.upo.pages[0];
    const pageBytes = Buffer.from(await (await fetch(page.downloadUrl)).arrayBuffer());
    const sessionUpo = await fetch(`${fake.url}/sessions/${session.ref}/upo/${page.referenceNumber}`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(sessionUpo.headers.get('x-ms-meta-hash')).toBe(sha256(pageBytes));
    expect(Buffer.from(await sessionUpo.arrayBuffer()).equals(pageBytes)).toBe(true);
    expect(pageBytes.toString()).toContain('<CalkowitaLiczbaDokumentow>1</CalkowitaLiczbaDokumentow>');
    expect(pageBytes.toString()).toContain(ksefNumber);

    clock.advance(61 * 60_000);
    const stale = await fetch(status.upoDownloadUrl);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('AuthenticationFailed');
    expect((await fetch(status.upoDownloadUrl.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);

    expect(fake.invoices()).toEqual([
      expect.objectContaining({
        sessionRef: session.ref,
        invoiceRef: sent.body.referenceNumber,
        kind: 'online',
        invoiceNumber: number,
        sellerNip: NIP,
        bytes,
        status: 200,
        ksefNumber,
        invoicingMode: 'Online',
        hashOfCorrectedInvoice: null,
      }),
    ]);
    expect(fake.numbered()).toEqual(new Map([[number, [ksefNumber]]]));
    expect(fake.sessions()).toEqual([
      expect.objectContaining({ ref: session.ref, state: 'processed', invoiceCount: 1 }),
    ]);
  });

  it('marks an invoice issued on an earlier Warsaw day Offline though sent online (research V10)', async () => {
    const justAfterMidnight = new Date('2025-10-03T22:00:01Z'); // 2025-10-04 00:00:01 in Warsaw
    const fake = await start({ now: () => justAfterMidnight });
    const { access, session } = await ready(fake);
    const yesterday = await sendAndSettle(fake, access, session, invoice('2025-10-03').bytes);
    expect(yesterday).toMatchObject({ status: { code: 200 }, invoicingMode: 'Offline' });
    expect(yesterday.ksefNumber).toMatch(new RegExp(`^${NIP}-20251004-`));
    const today = await sendAndSettle(fake, access, session, invoice('2025-10-04').bytes);
    expect(today).toMatchObject({ status: { code: 200 }, invoicingMode: 'Online' });
    const tomorrow = await sendAndSettle(fake, access, session, invoice('2025-10-05').bytes);
    expect(tomorrow.status.code).toBe(450);
  });

  it('refuses sizes and hashes that do not match, before taking the invoice', async () => {
    const fake = await start();
    const { access, session } = await ready(fake);
    const { bytes } = invoice();
    const good = sendRequest(bytes, session);
    const cases: [Record<string, unknown>, number][] = [
      [{ encryptedInvoiceHash: sha256(Buffer.from('other')) }, 21403],
      [{ encryptedInvoiceSize: good.encryptedInvoiceSize + 16 }, 21402],
      [{ invoiceHash: sha256(Buffer.from('other')) }, 21403],
      [{ invoiceSize: bytes.length - 1 }, 21402],
      [{ encryptedInvoiceContent: 'not base64!' }, 21405],
    ];
    for (const [change, code] of cases) {
      expect(exceptionCode(await send(fake, access, session, { ...good, ...change }))).toBe(code);
    }
    const unknown = await send(fake, access, { ...session, ref: '20260101-SO-0000000000-0000000000-00' }, good);
    expect(exceptionCode(unknown)).toBe(21173);
    const asProblem = await call(fake, 'POST', `/sessions/online/${session.ref}/invoices`, {
      bearer: access,
      body: { ...good, invoiceSize: 1 },
      headers: { 'X-Error-Format': 'problem-details' },
    });
    expect(asProblem.headers.get('content-type')).toContain('application/problem+json');
    expect(asProblem.body).toMatchObject({ status: 400, errors: [{ code: 21402 }] });
    expect(fake.invoices()).toEqual([]);
  });

  it('answers a duplicate with 440 naming the original number and session', async () => {
    const fake = await start();
    const { keys, access, session } = await ready(fake);
    const { bytes } = invoice();
    const original = await sendAndSettle(fake, access, session, bytes);
    const other = await openOnline(fake, keys, access);
    const duplicate = await sendAndSettle(fake, access, other, bytes);
    expect(duplicate.status).toMatchObject({
      code: 440,
      description: 'Duplikat faktury',
      extensions: { originalSessionReferenceNumber: session.ref, originalKsefNumber: original.ksefNumber },
    });
    expect(duplicate.ksefNumber).toBeUndefined();
    const failed = await call(fake, 'GET', `/sessions/${other.ref}/invoices/failed`, { bearer: access });
    expect(failed.body.invoices.map((entry: { status: { code: number } }) => entry.status.code)).toEqual([440]);
  });

  it('rejects a future P_1 with 450 and takes a technical correction of it (21405, 21167, 21166 on the way)', async () => {
    const fake = await start();
    const { access, session } = await ready(fake);
    const number = `FA/KT/${randomUUID().slice(0, 8)}`;
    const future = invoice(warsawDay(1), number);
    const rejected = await sendAndSettle(fake, access, session, future.bytes, { offlineMode: true });
    expect(rejected.status).toMatchObject({ code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury' });
    expect(rejected.status.details[0]).toContain('P_1');

    const fixed = invoice(warsawDay(), number);
    const correction = { offlineMode: true, hashOfCorrectedInvoice: rejected.invoiceHash };
    const online = await send(
      fake,
      access,
      session,
      sendRequest(fixed.bytes, session, { ...correction, offlineMode: false }),
    );
    expect(online.body.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21405,
      details: ['HashOfCorrectedInvoice can only be provided for offline invoices'],
    });
    const accepted = await sendAndSettle(fake, access, session, fixed.bytes, correction);
    expect(accepted.status.code).toBe(200);
    expect(accepted.invoicingMode).toBe('Offline');
    expect(isValidKsefNumber(accepted.ksefNumber)).toBe(true);

    const twice = await send(
      fake,
      access,
      session,
      sendRequest(invoice(warsawDay(), number).bytes, session, correction),
    );
    expect(exceptionCode(twice)).toBe(21166);
    const ofAccepted = { offlineMode: true, hashOfCorrectedInvoice: accepted.invoiceHash };
    expect(exceptionCode(await send(fake, access, session, sendRequest(invoice().bytes, session, ofAccepted)))).toBe(
      21167,
    );
    expect(fake.invoices().map((entry) => [entry.status, entry.hashOfCorrectedInvoice])).toEqual([
      [450, null],
      [200, rejected.invoiceHash],
    ]);
    expect(fake.numbered().get(number)).toEqual([accepted.ksefNumber]);
  });

  it('cancels an invoice with 550 when asked; the same bytes sent again get one number', async () => {
    const fake = await start();
    const { access, session } = await ready(fake);
    const { bytes, number } = invoice();
    fake.rejectNextInvoices(550);
    const cancelled = await sendAndSettle(fake, access, session, bytes);
    expect(cancelled.status).toMatchObject({ code: 550, description: 'Operacja została anulowana przez system' });
    expect(cancelled.ksefNumber).toBeUndefined();
    const resent = await sendAndSettle(fake, access, session, bytes);
    expect(resent.status.code).toBe(200);
    expect(fake.numbered().get(number)).toEqual([resent.ksefNumber]);
    expect(fake.invoices().map((entry) => entry.status)).toEqual([550, 200]);
  });

  it('answers 21180 to a send into an expired session, and 21180 again once it is closed', async () => {
    const fake = await start();
    const { keys, access, session } = await ready(fake);
    fake.expireSessions();
    const refused = await send(fake, access, session, sendRequest(invoice().bytes, session));
    expect(refused.status).toBe(400);
    expect(refused.body.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21180,
      exceptionDescription: 'Status sesji nie pozwala na wykonanie operacji.',
    });
    const next = await openOnline(fake, keys, access);
    expect((await call(fake, 'POST', `/sessions/online/${next.ref}/close`, { bearer: access })).status).toBe(204);
    expect(exceptionCode(await send(fake, access, next, sendRequest(invoice().bytes, next)))).toBe(21180);
    const cancelled = await call(fake, 'GET', `/sessions/${next.ref}`, { bearer: access });
    expect(cancelled.body.status).toMatchObject({ code: 440, details: ['Nie przesłano faktur'] });
  });
});

describe('KSeF API fake: batch session', () => {
  it('takes 30 invoices zipped in 3 encrypted parts and numbers them all offline', async () => {
    const fake = await start({ processingDelayMs: 200 });
    const { keys, access } = await ready(fake);
    const invoices = Array.from({ length: 30 }, (_, index) => ({ name: `inv-${index}.xml`, ...invoice() }));
    const archive = zipSync(Object.fromEntries(invoices.map((entry) => [entry.name, entry.bytes])));
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const partSize = Math.ceil(archive.length / 3);
    const parts = [0, 1, 2].map((index) =>
      aes(archive.subarray(index * partSize, (index + 1) * partSize), { ref: '', key, iv }),
    );
    const opened = await call(fake, 'POST', '/sessions/batch', {
      bearer: access,
      body: {
        formCode: FA3,
        batchFile: {
          fileSize: archive.length,
          fileHash: sha256(archive),
          fileParts: parts.map((part, index) => ({
            ordinalNumber: index + 1,
            fileSize: part.length,
            fileHash: sha256(part),
          })),
        },
        encryption: encryption(keys, key, iv),
        offlineMode: true,
      },
    });
    expect(opened.status).toBe(201);
    const ref: string = opened.body.referenceNumber;
    expect(ref).toMatch(/^\d{8}-SB-/);
    expect(opened.body.partUploadRequests).toHaveLength(3);

    const upload = (index: number, headers: Record<string, string> = {}) => {
      const request = opened.body.partUploadRequests[index];
      expect(request).toMatchObject({
        ordinalNumber: index + 1,
        method: 'PUT',
        headers: { 'x-ms-blob-type': 'BlockBlob' },
      });
      expect(request.url).not.toContain('/v2/');
      return fetch(request.url, {
        method: request.method,
        headers: { ...request.headers, ...headers },
        body: new Uint8Array(parts[index]!),
      });
    };
    const withToken = await upload(0, { Authorization: `Bearer ${access}` });
    expect(withToken.status).toBe(400);
    await withToken.body?.cancel();
    expect((await upload(0)).status).toBe(201);
    expect((await upload(1)).status).toBe(201);
    const early = await call(fake, 'POST', `/sessions/batch/${ref}/close`, { bearer: access });
    expect(exceptionCode(early)).toBe(21205);
    expect((await upload(2)).status).toBe(201);
    expect((await call(fake, 'POST', `/sessions/batch/${ref}/close`, { bearer: access })).status).toBe(204);

    const processing = await call(fake, 'GET', `/sessions/${ref}`, { bearer: access });
    expect(processing.body.status.code).toBe(150);
    const done = await pollUntil(
      () => call(fake, 'GET', `/sessions/${ref}`, { bearer: access }),
      (answer) => answer.body.status.code !== 150,
    );
    expect(done.body).toMatchObject({ status: { code: 200 }, invoiceCount: 30, successfulInvoiceCount: 30 });

    const listed: { invoiceFileName: string; invoicingMode: string; ksefNumber: string; invoiceNumber: string }[] = [];
    let continuation: string | undefined;
    do {
      const page = await call(fake, 'GET', `/sessions/${ref}/invoices?pageSize=10`, {
        bearer: access,
        headers: continuation === undefined ? {} : { 'x-continuation-token': continuation },
      });
      listed.push(...page.body.invoices);
      continuation = page.body.continuationToken;
    } while (continuation !== undefined);
    expect(listed.map((entry) => entry.invoiceFileName)).toEqual(invoices.map((entry) => entry.name));
    expect(listed.every((entry) => entry.invoicingMode === 'Offline' && isValidKsefNumber(entry.ksefNumber))).toBe(
      true,
    );
    expect(listed.map((entry) => entry.invoiceNumber)).toEqual(invoices.map((entry) => entry.number));
    const numbered = fake.numbered();
    expect(invoices.every((entry) => numbered.get(entry.number)?.length === 1)).toBe(true);
    expect(fake.invoices().every((entry) => entry.kind === 'batch' && entry.offlineMode)).toBe(true);
    expect(fake.sessions().find((entry) => entry.ref === ref)).toMatchObject({ kind: 'batch', state: 'processed' });
  });

  it('refuses more than 50 parts and parts over 100 MB before encryption', async () => {
    const fake = await start();
    const { keys, access } = await ready(fake);
    const open = (fileParts: unknown[]) =>
      call(fake, 'POST', '/sessions/batch', {
        bearer: access,
        body: {
          formCode: FA3,
          batchFile: { fileSize: 1, fileHash: sha256(Buffer.from('x')), fileParts },
          encryption: encryption(keys, randomBytes(32), randomBytes(16)),
        },
      });
    const part = (ordinalNumber: number, fileSize = 16) => ({
      ordinalNumber,
      fileSize,
      fileHash: sha256(Buffer.from('x')),
    });
    expect(exceptionCode(await open(Array.from({ length: 51 }, (_, index) => part(index + 1))))).toBe(21161);
    expect(exceptionCode(await open([part(1, 100_000_032)]))).toBe(21157);
  });
});

describe('KSeF API fake: rate limits', () => {
  it('answers 429 with Retry-After and the API body when told to, then serves again', async () => {
    const fake = await start();
    const { access, session } = await ready(fake);
    fake.rateLimit(2, 7);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const limited = await call(fake, 'GET', `/sessions/${session.ref}`, { bearer: access });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toEqual({
        status: { code: 429, description: 'Too Many Requests', details: [expect.stringContaining('7')] },
      });
    }
    expect((await call(fake, 'GET', `/sessions/${session.ref}`, { bearer: access })).status).toBe(200);
  });

  it('enforces the production limits when asked: the 11th send within a second gets 429', async () => {
    const frozen = new Date();
    const fake = await start({ now: () => frozen, enforceRateLimits: true });
    const { access, session } = await ready(fake);
    for (let index = 0; index < 10; index += 1) {
      expect((await send(fake, access, session, sendRequest(invoice().bytes, session))).status).toBe(202);
    }
    const limited = await send(fake, access, session, sendRequest(invoice().bytes, session));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body.status.details[0]).toContain('10 żądań na sekundę');
    // Reads are another group with their own budget.
    expect((await call(fake, 'GET', `/sessions/${session.ref}`, { bearer: access })).status).toBe(200);
  });
});

/** A PUT of `size` zero bytes with node:http, which streams 100 MB several times faster than fetch. */
function putZeros(port: number, path: string, size: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'PUT', headers: { 'Content-Length': size } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(Buffer.alloc(size));
  });
}

describe('KSeF API fake: storage', () => {
  it('reads a body as large as the largest part (100 MB + a padding block) and answers 413 beyond', async () => {
    const fake = await start();
    expect(await putZeros(fake.port, '/storage/x/batch-parts/1', 100_000_017)).toBe(413);
    // Read whole and turned away only because the link is not a signed one.
    expect(await putZeros(fake.port, '/storage/x/batch-parts/1', 100_000_016)).toBe(403);
    expect(fake.requests().map((entry) => [entry.service, entry.status])).toEqual([
      ['storage', 413],
      ['storage', 403],
    ]);
  });
});

describe('KSeF API fake: what a probe sees', () => {
  it('still answers a bare 404 at the base and at unknown paths, and 405 for a wrong method', async () => {
    const fake = await start();
    expect((await fetch(fake.url)).status).toBe(404);
    expect((await fetch(`${fake.url}/no/such/thing`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${fake.url}/sessions/online/x/close`)).status).toBe(405);
    expect(fake.requests().map((entry) => entry.service)).toEqual(['api', 'api', 'api']);
  });
});
