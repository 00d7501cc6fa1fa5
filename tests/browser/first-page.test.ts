/**
 * The first page a store owner sees, end to end: a real hub process serving the real renderer build, driven by
 * Debian's Chromium. First-run setup with the console's setup code → overview → log out → wrong PIN → log in.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnHub, type SpawnedHub } from '../helpers/spawn-hub.js';

const RENDERER_INDEX = path.join(REPO_ROOT, 'out', 'renderer', 'index.html');
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests', 'browser', '__screenshots__');
const OWNER = { name: 'Olga', pin: '2468' };
const UI_TIMEOUT = 15_000;

interface OverviewBody {
  dataDir: string;
  ledger: { cursor: number | string; hash: string; events: number };
  hub: { hubId: string; name: string };
  listeners: { lan: { tlsFingerprint: string } };
}

describe('back-office UI: first page', () => {
  let hub: SpawnedHub | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let setupCode: string;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(RENDERER_INDEX)) {
      throw new Error(`${RENDERER_INDEX} does not exist: run npm run build first (or npm run test:browser)`);
    }
    hub = await spawnHub();
    setupCode = await hub.setupCode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ baseURL: hub.uiUrl, viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every 4xx fetch ("Failed to load resource"); those are expected answers (401 before login).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageProblems.push(`console error: ${message.text()}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (hub) {
      const exit = await hub.stop('SIGTERM');
      expect(exit, `hub output:\n${hub.output().slice(-3000)}`).toEqual({ code: 0, signal: null });
    }
  });

  it('shows the first-run setup form and refuses a wrong setup code', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up this hub' }).waitFor();

    const wrongCode = setupCode === '00000000' ? '11111111' : '00000000';
    await page.getByLabel('Setup code').fill(wrongCode);
    await page.getByLabel('Owner name').fill(OWNER.name);
    await page.getByLabel('PIN', { exact: true }).fill(OWNER.pin);
    await page.getByLabel('Confirm PIN').fill('9999');
    await page.getByRole('button', { name: 'Create owner' }).click();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/PINs are different/);

    await page.getByLabel('Confirm PIN').fill(OWNER.pin);
    await page.getByRole('button', { name: 'Create owner' }).click();
    await alert.filter({ hasText: 'setup code' }).waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/setup code is not valid/i);
    expect(text).not.toMatch(/[{}]/); // a sentence, never raw JSON
  });

  it('creates the owner with the code from the console and shows the overview', async () => {
    await page.getByLabel('Setup code').fill(setupCode);
    await page.getByRole('button', { name: 'Create owner' }).click();

    // The hub may start a session on setup or may not; log in if it asks.
    const loginHeading = page.getByRole('heading', { name: 'Log in' });
    const ledgerHeading = page.getByRole('heading', { name: 'Ledger' });
    await loginHeading.or(ledgerHeading).waitFor();
    if (await loginHeading.isVisible()) {
      expect(await page.getByLabel('Name').inputValue()).toBe(OWNER.name);
      await page.getByLabel('PIN').fill(OWNER.pin);
      await page.getByRole('button', { name: 'Log in' }).click();
    }
    await ledgerHeading.waitFor();

    const response = await page.request.get('/v1/admin/overview');
    expect(response.status()).toBe(200);
    const overview = (await response.json()) as OverviewBody;
    expect(overview.dataDir).toBe(hub!.dataDir);

    // Each value is a <dd aria-labelledby> its <dt>, inside a <section> named by its heading.
    const fact = async (card: string, label: string) => {
      const value = page.getByRole('region', { name: card, exact: true }).getByLabel(label, { exact: true });
      await value.waitFor();
      return (await value.textContent())?.trim();
    };
    expect(await fact('Data', 'Data directory')).toBe(overview.dataDir);
    expect(await fact('Ledger', 'Cursor')).toBe(String(overview.ledger.cursor));
    expect(await fact('Ledger', 'Events')).toBe(String(overview.ledger.events));
    expect(await fact('Hub', 'Hub ID')).toBe(overview.hub.hubId);
    expect(await fact('Listeners', 'TLS fingerprint')).toBe(overview.listeners.lan.tlsFingerprint);
    await page.getByRole('button', { name: 'Log out' }).waitFor();

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'overview.png'), fullPage: true });
  });

  it('logs out back to the login form and ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect((await page.request.get('/v1/admin/session')).status()).toBe(401);

    // A reload must land on the login form too (no setup form: the owner exists now).
    await page.reload();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
  });

  it('shows a readable error for a wrong PIN, then logs in with the right one', async () => {
    await page.getByLabel('Name').fill(OWNER.name);
    await page.getByLabel('PIN').fill('1357');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/name and PIN do not match/);
    expect(text).not.toMatch(/[{}]/);
    expect(await page.getByLabel('PIN').inputValue()).toBe('');

    await page.getByLabel('PIN').fill(OWNER.pin);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Ledger' }).waitFor();

    expect(pageProblems).toEqual([]);
  });
});
