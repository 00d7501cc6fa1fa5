/**
 * Printers end to end: a manager logs in, adds a network receipt printer in Settings pointing at a loopback fake
 * ESC/POS printer, prints a test page from the Hardware screen and sees it printed in the queue (live, no reload), then
 * opens the cash drawer with a reason and finds the opening in the drawer log. The fake records every byte, so the
 * test checks what reached the "printer": the job starts with ESC @, the drawer kick is ESC p on pin 2 with 100 ms.
 */
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiSession, screenshot, VIEWPORT, watchProblems, type UiSession } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

const MANAGER = { name: 'Marek', pin: '1357' };
const DLE = 0x10;
const EOT = 0x04;
const ESC = 0x1b;
const AT = 0x40;

/** What a healthy Epson answers to `DLE EOT n`: online, cover closed, no error, paper present. */
const STATUS_ANSWERS: Record<number, number> = { 1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12 };

/**
 * A network receipt printer on 127.0.0.1: it answers real-time status queries (`10 04 n`) at once, as a printer does
 * even in the middle of a job, and records everything it is sent, over any number of connections.
 */
class FakeEscPosPrinter {
  private readonly chunks: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();
  private skipArmed = false;
  private skipNextQuery = false;
  statusQueries = 0;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeEscPosPrinter> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const printer = new FakeEscPosPrinter(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (socket) => printer.accept(socket));
    return printer;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0); // the last bytes of the previous chunk: a query may arrive split
    socket.on('data', (data: Buffer) => {
      this.chunks.push(data);
      const bytes = Buffer.concat([pending, data]);
      let scanned = 0;
      for (let i = 0; i + 2 < bytes.length; i += 1) {
        if (this.skipArmed && bytes[i] === ESC && bytes[i + 1] === AT) {
          this.skipArmed = false;
          this.skipNextQuery = true;
        }
        const answer = bytes[i] === DLE && bytes[i + 1] === EOT ? STATUS_ANSWERS[bytes[i + 2]!] : undefined;
        if (answer === undefined) continue;
        this.statusQueries += 1;
        if (this.skipNextQuery) this.skipNextQuery = false;
        else socket.write(Buffer.from([answer]));
        i += 2;
        scanned = i + 1;
      }
      pending = bytes.subarray(Math.max(scanned, bytes.length - 2));
    });
  }

  /**
   * The next job is taken but the status query after it goes unanswered, as when paper jams or the power goes mid-job:
   * the hub cannot confirm the receipt came out. Every query after that one is answered again.
   */
  leaveNextJobInDoubt(): void {
    this.skipArmed = true;
  }

  /** Everything received so far, in order. */
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** What was sent to be printed or acted on: everything but the status queries. */
  printData(): Buffer {
    const bytes = this.received();
    const kept: number[] = [];
    for (let i = 0; i < bytes.length; i += 1) {
      if (bytes[i] === DLE && bytes[i + 1] === EOT && STATUS_ANSWERS[bytes[i + 2]!] !== undefined) i += 2;
      else kept.push(bytes[i]!);
    }
    return Buffer.from(kept);
  }

  async waitFor(what: string, check: (data: Buffer) => boolean, timeoutMs = 15_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const data = this.printData();
      if (check(data)) return data;
      if (Date.now() > deadline)
        throw new Error(`the fake printer never received ${what}; it got ${data.toString('hex') || 'nothing'}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('back-office UI: printers, test print and the cash drawer', () => {
  let s: UiSession;
  let fake: FakeEscPosPrinter;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    fake = await FakeEscPosPrinter.start();
    s = await openUiSession();
    const added = await s.admin('POST', '/v1/admin/users', { ...MANAGER, role: 'manager' });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    // The manager logs in on a browser of their own (the session's page belongs to the owner).
    const context = await s.browser.newContext({ baseURL: s.hub.uiUrl, viewport: VIEWPORT });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = watchProblems(page);
  });
  afterAll(async () => {
    await s?.close();
    await fake?.close();
  });

  it('logs in as a manager and is sent from the empty Hardware screen to Settings', async () => {
    await page.goto('/hardware');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Name').fill(MANAGER.name);
    await page.getByLabel('PIN').fill(MANAGER.pin);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Hardware', level: 1 }).waitFor();
    expect(await page.locator('.user-name').textContent()).toContain(MANAGER.name);
    await page.getByText('No printers yet — add one in Settings').waitFor();
    await page.getByRole('link', { name: 'add one in Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  });

  it('adds a network printer in Settings, checking the form and showing the hub’s refusal', async () => {
    const section = page.getByRole('region', { name: 'Printers' });
    await section.getByText(/No printers yet/).waitFor();
    await section.getByRole('button', { name: 'Add a printer' }).click();
    const form = section.getByRole('form', { name: 'Add a printer' });
    await form.getByLabel('Printer ID').fill('front');
    await form.getByLabel('Printer name').fill('Front counter');
    expect(await form.getByLabel('Connection').inputValue()).toBe('tcp');
    await form.getByLabel('Host').fill('127.0.0.1');
    expect(await form.getByLabel('Port').inputValue()).toBe('9100');
    await form.getByLabel('Port').fill('70000');
    await form.getByLabel('Cash drawer').selectOption({ label: 'Pin 2' });
    expect(await form.getByLabel('Drawer pulse (ms)').inputValue()).toBe('100');
    await form.getByLabel('Default receipt printer').check();
    await form.getByRole('button', { name: 'Add printer' }).click();
    await form.getByRole('alert').filter({ hasText: 'The port is a whole number from 1 to 65535' }).waitFor();

    await form.getByLabel('Port').fill(String(fake.port));
    await screenshot(page, 'settings-printers-form');
    await expectAccessible(page, 'settings-printers-form');
    await form.getByRole('button', { name: 'Add printer' }).click();
    await section.getByRole('status').filter({ hasText: 'Added Front counter.' }).waitFor();
    const list = section.getByRole('table', { name: 'Configured printers' });
    await list
      .getByRole('row', { name: /Front counter.*127\.0\.0\.1:\d+.*Pin 2, 100 ms pulse.*Default for receipts/ })
      .waitFor();

    const printers = await s.admin('GET', '/v1/admin/printers');
    expect(printers.json.printers).toEqual([
      expect.objectContaining({
        id: 'front',
        name: 'Front counter',
        connection: { type: 'tcp', host: '127.0.0.1', port: fake.port },
        model: 'epson',
        paperWidth: 80,
        drawer: { pins: 'pin2', pulseMs: 100 },
        receiptDefault: true,
        enabled: true,
      }),
    ]);

    // The same ID again: the hub refuses (409 PRINTER_EXISTS) and the form says so in words.
    await section.getByRole('button', { name: 'Add a printer' }).click();
    await form.getByLabel('Printer ID').fill('front');
    await form.getByLabel('Printer name').fill('Second counter');
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByRole('button', { name: 'Add printer' }).click();
    await form.getByRole('alert').filter({ hasText: 'A printer with this ID already exists' }).waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    await screenshot(page, 'settings-printers');
    await expectAccessible(page, 'settings-printers');
  });

  it('prints a test page from the Hardware screen and sees it printed in the queue', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hardware' }).click();
    const card = page.getByRole('region', { name: 'Front counter' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Test print on Front counter' }).click();
    await card.getByRole('status').filter({ hasText: 'Test page queued.' }).waitFor();

    // No reload: the hub's hardware notices move the job along in the table.
    const queue = page.getByRole('table', { name: 'Print jobs, newest first' });
    const row = queue.getByRole('row', { name: /Test print/ });
    await row.filter({ hasText: /Printed(?!, status unknown)/ }).waitFor({ timeout: 20_000 });
    const job = await fake.waitFor('the test page', (data) => data.length > 2);
    expect(job.subarray(0, 2).toString('hex')).toBe('1b40'); // ESC @: initialise, then the page
    expect(fake.statusQueries).toBeGreaterThan(0); // it asked before printing (DESIGN §7)

    const jobs = await s.admin('GET', '/v1/admin/print-jobs?printerId=front');
    expect(jobs.json.jobs).toEqual([
      expect.objectContaining({ kind: 'test', state: 'printed', statusUnknown: false, printerId: 'front' }),
    ]);
    // The status the printer answered is on the card: online, cover closed, paper present.
    await card.getByText(/Online · cover closed · paper OK/).waitFor();
    await card.getByText('0 queued · 0 uncertain').waitFor();

    // The manager's end-of-day report goes the same way.
    await card.getByRole('button', { name: 'Print the end-of-day report on Front counter' }).click();
    await card.getByRole('status').filter({ hasText: 'end-of-day report queued' }).waitFor();
    await queue
      .getByRole('row', { name: /End-of-day report/ })
      .filter({ hasText: /Printed/ })
      .waitFor({ timeout: 20_000 });
  });

  it('opens the drawer with a reason and finds the opening in the drawer log', async () => {
    const card = page.getByRole('region', { name: 'Front counter' });
    await card.getByRole('button', { name: 'Open drawer on Front counter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open the drawer on Front counter?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/recorded in the drawer log with your name and the reason/);
    const confirm = dialog.getByRole('button', { name: 'Open drawer' });
    expect(await confirm.isDisabled()).toBe(true); // no reason yet
    await dialog.getByLabel('Reason').fill('Change for the float');
    await screenshot(page, 'hardware-open-drawer');
    await expectAccessible(page, 'hardware-open-drawer');
    const before = fake.printData().length;
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });

    const log = page.getByRole('table', { name: 'Drawer openings, newest first' });
    await log
      .getByRole('row', { name: /Front counter.*Marek.*Change for the float.*Sent/ })
      .waitFor({ timeout: 20_000 });
    const data = await fake.waitFor('ESC p', (bytes) => bytes.subarray(before).includes(Buffer.from([0x1b, 0x70])));
    const kick = data.subarray(before).subarray(data.subarray(before).indexOf(Buffer.from([0x1b, 0x70])));
    expect(kick.length).toBeGreaterThanOrEqual(5);
    expect([0x00, 0x30]).toContain(kick[2]); // m: pin 2
    expect(kick[3]).toBe(50); // t1: 100 ms in 2 ms units

    const kicks = await s.admin('GET', '/v1/admin/drawer-kicks?drawerId=front');
    expect(kicks.json.kicks).toEqual([
      expect.objectContaining({ drawerId: 'front', state: 'sent', reason: 'Change for the float', saleId: null }),
    ]);
    expect(kicks.json.kicks[0].requestedBy.type).toBe('user');
    // The worker keeps the link a moment after its last job, then the card says the printer is idle again.
    await card.getByText('Idle', { exact: true }).first().waitFor();
    await screenshot(page, 'hardware');
    await expectAccessible(page, 'hardware');
    expect(problems).toEqual([]);
  });

  it('makes a job in doubt stand out, and reprints it only after saying it may print twice', async () => {
    const card = page.getByRole('region', { name: 'Front counter' });
    fake.leaveNextJobInDoubt();
    await card.getByRole('button', { name: 'Test print on Front counter' }).click();
    const queue = page.getByRole('table', { name: 'Print jobs, newest first' });
    const inDoubt = queue.getByRole('row', { name: /Test print.*Uncertain: may be on paper/ });
    await inDoubt.waitFor({ timeout: 20_000 }); // the hub waits 3 s for the answer that never comes
    await card.getByText('0 queued · 1 uncertain').waitFor();
    await card.getByText(/One job stopped part-way/).waitFor();
    expect(await inDoubt.evaluate((row) => getComputedStyle(row).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');

    const [uncertain] = (await s.admin('GET', '/v1/admin/print-jobs?state=uncertain')).json.jobs;
    expect(uncertain).toMatchObject({ kind: 'test', state: 'uncertain', printerId: 'front' });
    const sentSoFar = fake.printData().length;
    await inDoubt.getByRole('button', { name: 'Reprint: Test print' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint this test print?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/may already be on paper — reprinting may give the customer two/);
    await screenshot(page, 'hardware-reprint');
    await expectAccessible(page, 'hardware-reprint');
    await dialog.getByRole('button', { name: 'Reprint' }).click();
    await dialog.waitFor({ state: 'detached' });

    await inDoubt.waitFor({ state: 'detached' });
    await queue
      .getByRole('row', { name: /Test print.*Printed/ })
      .nth(1)
      .waitFor({ timeout: 20_000 });
    const again = await fake.waitFor('the reprint', (data) =>
      data.subarray(sentSoFar).includes(Buffer.from([ESC, AT])),
    );
    expect(again.length).toBeGreaterThan(sentSoFar);
    const reprinted = (await s.admin('GET', '/v1/admin/print-jobs?printerId=front')).json.jobs;
    expect(reprinted.find((job: { id: string }) => job.id === uncertain.id)).toMatchObject({ state: 'printed' });
    await card.getByText('0 queued · 0 uncertain').waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the printers on the dashboard', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const stat = page.getByRole('link', { name: /Printers\s*1 of 1 ready/ });
    await stat.waitFor();
    expect(await stat.textContent()).toContain('all printing normally');
    await screenshot(page, 'dashboard-printers');
    await expectAccessible(page, 'dashboard-printers');
    await stat.click();
    await page.getByRole('heading', { name: 'Hardware', level: 1 }).waitFor();
    expect(problems).toEqual([]);
  });
});
