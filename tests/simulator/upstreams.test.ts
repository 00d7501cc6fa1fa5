/**
 * `backroom simulate --upstreams`: a bounded store day whose hub forwards card payments to the Stripe fake and sends
 * its invoices to the KSeF fake, with the internet cut and restored mid-day, ending in the exactly-once checks
 * against the fakes' own counts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_CERTIFICATE_PEM, DEMO_PRIVATE_KEY_PEM } from '../../src/device/simulator/ksef-demo/demo-certificate.js';
import type { SettledPayment } from '../../src/device/simulator/upstream-check.js';
import { checkAtRisk, checkExactlyOnce } from '../../src/device/simulator/upstream-check.js';
import { checkNumberedOnce, numberedCounts, type SentInvoice } from '../../src/device/simulator/ksef-check.js';
import { StoreUpstreams } from '../../src/device/simulator/store-upstreams.js';
import { simulateJson } from './simulate-cli.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('a simulated store day with its payment processor', () => {
  it('settles every card payment exactly once at the fake through an internet outage', async () => {
    // Seed 4 at this size has declines, card voids and refunds, and payments held for the manager.
    const args = ['--upstreams', '--devices', '3', '--events', '30', '--seed', '4', '--auto-approve'];
    const summary = await simulateJson(args);

    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(process.exitCode).toBeUndefined();
    expect(summary.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        'every card payment captured, cancelled or refunded exactly once at the Stripe fake',
        'declined card payments shown at risk on the hub',
        'Stripe queue drained: no job dead or left queued',
        'the hub saw each internet outage and paused forwarding',
        'every NAXML document delivered to the back office fake',
        'a POS journal document for every sale, refund and void',
        "the end-of-day reports add up to the hub's daily totals",
        'every invoice a till asked for was issued',
        'invoices issued while KSeF was out of reach are offline, with KOD II and a deadline, and KSeF took them ' +
          'as offline',
        "each invoice's stored FA(3) bytes are the ones its hash and KOD I name",
        'every invoice valid against the official FA(3) schema',
        'every invoice numbered exactly once at the KSeF fake, with its UPO stored on the hub',
        expect.stringMatching(/^outstanding card exposure/),
      ]),
    );
    const upstreams = summary.upstreams!;
    expect(upstreams.applied.cancels + upstreams.applied.refunds).toBeGreaterThan(0);
    // Each payment owed is captured or, voided before capture, cancelled: never both, never twice.
    expect(upstreams.applied.captures + upstreams.applied.cancels).toBe(upstreams.owed);
    // A declined payment may also be one the hub holds for the manager: then it is neither owed nor at risk.
    expect(upstreams.owed + upstreams.declined + upstreams.heldForManager).toBeGreaterThanOrEqual(upstreams.payments);
    expect(upstreams.atRisk).toBeGreaterThan(0);
    expect(upstreams.atRisk).toBeLessThanOrEqual(upstreams.declined);
    expect(upstreams.outages).toMatchObject({ count: 1, slowestNoticeMs: expect.any(Number) });
    expect(upstreams.backlogAtRestore).toBeGreaterThan(0);
    expect(upstreams.drainMs).not.toBeNull();
    expect(upstreams.jobs).toMatchObject({ queued: 0, in_flight: 0, dead: 0 });
    expect(upstreams.jobs.done).toBeGreaterThanOrEqual(upstreams.owed);
    // Journal entries and the four reports of the day, all at the back office.
    expect(upstreams.conexxus).toMatchObject({ transport: 'https', endOfDay: [{ revision: 1 }] });
    expect(upstreams.conexxus.journal).toBeGreaterThan(0);
    expect(upstreams.conexxus.delivered).toBe(upstreams.conexxus.journal + 4);
    // Invoices asked for while KSeF was out of reach were issued offline (seed 4 asks during the outage).
    expect(upstreams.invoicing.issued).toBe(upstreams.invoicing.requested);
    expect(upstreams.invoicing.byMode.offline24).toBeGreaterThan(0);
    // Once KSeF was back the hub sent them all with the seller's token: one KSeF number each and its UPO, by the
    // fake's own count; the outage's offline backlog went as a batch session, the day's online ones one by one.
    const { sending } = upstreams.invoicing;
    expect(sending).toMatchObject({
      owed: upstreams.invoicing.issued,
      numbered: upstreams.invoicing.issued,
      numberedTwice: 0,
      missing: 0,
      upos: upstreams.invoicing.issued,
      left: 0,
    });
    expect(sending.sessions.batch).toBeGreaterThanOrEqual(1);
    expect(sending.received.batch).toBeGreaterThanOrEqual(sending.batchThreshold);
    expect(sending.received.online + sending.received.batch).toBeGreaterThanOrEqual(upstreams.invoicing.issued);
    expect(sending.afterReturnMs).toEqual(expect.any(Number));
    const schema = summary.checks.find(
      (check) => check.name === 'every invoice valid against the official FA(3) schema',
    );
    expect(schema?.detail).toMatch(/validated with xmllint/);
  }, 60_000);

  it('reports the day into an outbox folder just as well', async () => {
    const args = ['--upstreams', '--conexxus', 'folder', '--devices', '2', '--events', '15', '--seed', '9'];
    const summary = await simulateJson(args);
    expect(summary.checks.filter((check) => !check.ok)).toEqual([]);
    expect(summary.checks.map((check) => check.name)).toContain('every NAXML document delivered to the outbox folder');
    const { conexxus } = summary.upstreams!;
    expect(conexxus.transport).toBe('folder');
    expect(conexxus.delivered).toBe(conexxus.journal + 4);
    expect(summary.upstreams!.invoicing.sending).toMatchObject({ numberedTwice: 0, missing: 0, left: 0 });
  }, 60_000);

  it('points the hub at loopback only', async () => {
    const upstreams = await StoreUpstreams.start(1);
    try {
      const urls = Object.values(upstreams.hubSettings()).filter((value) => typeof value === 'string');
      // The internet probe, Stripe's API and probe, KSeF's API and status service.
      expect(urls).toHaveLength(5);
      for (const url of urls) expect(new URL(url).hostname).toBe('127.0.0.1');
    } finally {
      await upstreams.close();
    }
  });
});

describe('the KSeF exactly-once check', () => {
  const invoice = (changes: Partial<SentInvoice> = {}): SentInvoice => ({
    number: 'FV/2026/00001',
    mode: 'offline24',
    status: 'accepted',
    ksefNumber: '7740001454-20261207-0123456789AB-CD',
    upoProblems: [],
    upoDownload: null,
    kodILabel: '7740001454-20261207-0123456789AB-CD',
    ...changes,
  });
  const once = new Map([['FV/2026/00001', ['7740001454-20261207-0123456789AB-CD']]]);
  const drained = { left: 0, waitedMs: 100 };

  it('passes an invoice numbered once with its UPO, and fails every way short of that', () => {
    expect(checkNumberedOnce([invoice()], once, drained).ok).toBe(true);
    const twice = new Map([['FV/2026/00001', ['7740001454-20261207-0123456789AB-CD', '7740001454-20261207-X-00']]]);
    expect(checkNumberedOnce([invoice()], twice, drained).detail).toMatch(/numbered 2 times/);
    expect(checkNumberedOnce([invoice({ status: 'awaiting_send', ksefNumber: null })], new Map(), drained)).toEqual({
      name: 'every invoice numbered exactly once at the KSeF fake, with its UPO stored on the hub',
      ok: false,
      detail: 'FV/2026/00001 never numbered at the fake (the hub shows it awaiting_send)',
    });
    expect(checkNumberedOnce([invoice({ ksefNumber: 'other' })], once, drained).ok).toBe(false);
    expect(checkNumberedOnce([invoice({ upoProblems: null })], once, drained).detail).toMatch(/no UPO stored/);
    expect(checkNumberedOnce([invoice({ upoProblems: ['names another hash'] })], once, drained).ok).toBe(false);
    expect(
      checkNumberedOnce([invoice({ upoDownload: 'its UPO could not be downloaded (404)' })], once, drained).ok,
    ).toBe(false);
    expect(checkNumberedOnce([invoice({ kodILabel: 'OFFLINE' })], once, drained).detail).toMatch(/KOD I labelled/);
    expect(checkNumberedOnce([invoice()], once, { left: 2, waitedMs: 60_000 }).detail).toMatch(/2 still owed/);
  });

  it('wants nothing at the fake for a total-failure invoice, and nothing the hub did not issue', () => {
    const notSent = invoice({ mode: 'total_failure', status: 'not_required', ksefNumber: null, upoProblems: null });
    expect(checkNumberedOnce([notSent], new Map(), drained).ok).toBe(true);
    expect(checkNumberedOnce([notSent], once, drained).detail).toMatch(/total failure, yet KSeF numbered it/);
    const stray = new Map([...once, ['FV/2026/00099', ['x']]]);
    expect(checkNumberedOnce([invoice()], stray, drained).detail).toMatch(/FV\/2026\/00099 numbered at the fake/);
    expect(numberedCounts([invoice(), notSent], stray)).toEqual({ once: 1, twice: 0, missing: 0 });
  });
});

describe('the exactly-once check', () => {
  const payment = (changes: Partial<SettledPayment>): SettledPayment => ({
    paymentId: 'pay-1',
    saleId: 'sale-1',
    amount: 1_000,
    currency: 'PLN',
    declineCode: undefined,
    paymentIntentId: 'pi_1',
    reversal: undefined,
    held: false,
    applied: { captures: 1, cancels: 0, refunds: 0 },
    ...changes,
  });

  it('fails a capture applied twice, a void both cancelled and captured, and a decline charged', () => {
    expect(checkExactlyOnce([payment({})]).ok).toBe(true);
    expect(checkExactlyOnce([payment({ applied: { captures: 2, cancels: 0, refunds: 0 } })]).ok).toBe(false);
    const voided = { reversal: 'void' as const };
    expect(checkExactlyOnce([payment({ ...voided, applied: { captures: 0, cancels: 1, refunds: 0 } })]).ok).toBe(true);
    expect(checkExactlyOnce([payment({ ...voided, applied: { captures: 1, cancels: 0, refunds: 1 } })]).ok).toBe(true);
    expect(checkExactlyOnce([payment({ ...voided, applied: { captures: 1, cancels: 1, refunds: 0 } })]).ok).toBe(false);
    expect(checkExactlyOnce([payment({ declineCode: 'insufficient_funds' })]).ok).toBe(false);
    expect(checkExactlyOnce([payment({ paymentIntentId: undefined })]).ok).toBe(false);
  });

  it('wants each decline at risk with its code, and nothing else at risk', () => {
    const declined = payment({ declineCode: 'generic_decline', applied: { captures: 0, cancels: 0, refunds: 0 } });
    const atRisk = {
      paymentId: 'pay-1',
      saleId: 'sale-1',
      locationId: 'floor',
      deviceId: null,
      cashier: null,
      amount: { amount: 1_000, currency: 'PLN' },
      takenAt: '2026-01-01T10:00:00.000Z',
      declinedAt: '2026-01-01T10:05:00.000Z',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    };
    expect(checkAtRisk([declined], [atRisk]).ok).toBe(true);
    expect(checkAtRisk([declined], []).ok).toBe(false);
    expect(checkAtRisk([payment({})], [atRisk]).ok).toBe(false);
  });
});

describe("the simulator's demo offline certificate", () => {
  it('is the pair in the test fixtures, in a module so the bundled CLI has it too', () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/ksef-certs/${name}`, import.meta.url), 'utf8');
    expect(DEMO_CERTIFICATE_PEM).toBe(fixture('ec-p256.cert.pem'));
    expect(DEMO_PRIVATE_KEY_PEM).toBe(fixture('ec-p256.key.pem'));
  });
});
