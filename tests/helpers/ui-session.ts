/**
 * End-to-end UI sessions: a REAL hub process (spawnHub) serving the built renderer, its owner created with the
 * console's setup code, and Debian's Chromium (playwright-core) at 1280×800 logged in as that owner. Also a raw
 * device client (pairing, signed pushes, the live stream) for the tills the screens are about.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { lanCall, openStream, type LanAnswer, type LooseJson, type StreamClient } from './device-client.js';
import { TestDevice } from './device-signer.js';
import { REPO_ROOT, spawnHub, type SpawnedHub, type SpawnHubOptions } from './spawn-hub.js';

const RENDERER_INDEX = path.join(REPO_ROOT, 'out', 'renderer', 'index.html');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'tests', 'browser', '__screenshots__');
export const OWNER = { name: 'Olga', pin: '2468' };
export const VIEWPORT = { width: 1280, height: 800 };
const UI_TIMEOUT = 15_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(RENDERER_INDEX)) {
    throw new Error(`${RENDERER_INDEX} does not exist: run npx electron-vite build first (or npm run test:browser)`);
  }
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Page errors and console errors, which every test expects to stay empty. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx fetch ("Failed to load resource"); those are answers the UI handles (401 before login).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  return problems;
}

/** A full-page screenshot, taken from the top so sticky and fixed parts sit where a reader expects them. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface UiSession {
  hub: SpawnedHub;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** The owner's session cookie value, shared by the browser and `admin`. */
  cookie: string;
  /** A call to the admin API as the owner; the body is parsed JSON. */
  admin<T = LooseJson>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** A call to the LAN (device) listener. */
  lan<T = LooseJson>(method: string, path: string, options?: { body?: unknown; token?: string }): Promise<LanAnswer<T>>;
  /** Pairs a raw test device with `code` (a fresh one from the API when not given). */
  pair(name: string, code?: string): Promise<TestDevice>;
  /** The device's live stream (`/v1/stream`), collecting what the hub sends. */
  stream(device: TestDevice): Promise<StreamClient>;
  close(): Promise<void>;
}

/** A hub whose owner is set up over the API (the setup form has its own test), and a logged-in browser page. */
export async function openUiSession(options: SpawnHubOptions = {}): Promise<UiSession> {
  const hub = await spawnHub(options);
  const streams: StreamClient[] = [];
  let browser: Browser | undefined;
  try {
    const setup = await fetch(`${hub.uiUrl}/v1/admin/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ setupCode: await hub.setupCode(), owner: OWNER }),
    });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const cookie = setup.headers
      .getSetCookie()
      .find((c) => c.startsWith('backroom_session='))!
      .split(';')[0]!
      .slice('backroom_session='.length);

    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: hub.uiUrl, viewport: VIEWPORT });
    await context.addCookies([{ name: 'backroom_session', value: cookie, url: hub.uiUrl }]);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    const problems = watchProblems(page);

    const admin = async (method: string, apiPath: string, body?: unknown) => {
      const response = await fetch(`${hub.uiUrl}${apiPath}`, {
        method,
        headers: {
          cookie: `backroom_session=${cookie}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : undefined };
    };
    const lan = (method: string, apiPath: string, call: { body?: unknown; token?: string } = {}) =>
      lanCall(`${hub.lanUrl}${apiPath}`, method, call);

    const session: UiSession = {
      hub,
      browser,
      context,
      page,
      problems,
      cookie,
      admin,
      lan,
      async pair(name, code) {
        const device = new TestDevice();
        const pairingCode = code ?? (await admin('POST', '/v1/admin/pairing-codes')).json.code;
        const paired = await lan('POST', '/v1/pairing', {
          body: { code: pairingCode, device: { name, kind: 'pos', publicKey: device.publicKey } },
        });
        expect(paired.status, paired.text).toBe(201);
        device.deviceId = paired.json.deviceId;
        device.token = paired.json.token;
        return device;
      },
      async stream(device) {
        const client = await openStream(`${hub.lanUrl.replace('https', 'wss')}/v1/stream`, {
          header: `Bearer ${device.token}`,
        });
        streams.push(client);
        return client;
      },
      async close() {
        for (const stream of streams) stream.close();
        await browser?.close();
        const exit = await hub.stop('SIGTERM');
        expect(exit, `hub output:\n${hub.output().slice(-3000)}`).toEqual({ code: 0, signal: null });
      },
    };
    return session;
  } catch (error) {
    await browser?.close();
    await hub.stop('SIGKILL');
    throw error;
  }
}

/** A shelf with `stock` units of cola, made through the admin catalog API. */
export async function seedShelf(session: UiSession, stock: number): Promise<void> {
  for (const [apiPath, body] of [
    ['/v1/admin/catalog/locations', { id: 'shelf', name: 'Shelf', active: true }],
    ['/v1/admin/catalog/products', { id: 'cola', name: 'Cola', unit: 'pcs', price: { amount: 450, currency: 'PLN' } }],
    ['/v1/admin/inventory/receipts', { productId: 'cola', locationId: 'shelf', quantity: stock }],
  ] as const) {
    const answer = await session.admin('POST', apiPath, body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  }
}
