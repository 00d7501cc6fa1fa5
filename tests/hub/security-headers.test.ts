/**
 * The headers that keep the admin UI from being framed or sniffed, on every UI listener response (pages, API,
 * errors, refusals before routing) and nosniff on the device listener.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/hub.js';
import { fetchAnswer, httpsRequest, type HttpAnswer } from '../helpers/ledger-http.js';
import { tempDir } from '../helpers/ledger-testkit.js';
import { startTestHub, testHubConfig } from '../helpers/test-hub.js';

function expectUiHeaders(answer: HttpAnswer) {
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
  const csp = String(answer.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  // What the React build needs: its scripts and styles, QR codes as data: images, the hub's own API and stream.
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).toContain("connect-src 'self'");
}

describe('security headers', () => {
  let hub: Hub;
  let ui: string;

  beforeAll(async () => {
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Backroom</title>');
    fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
    hub = await startTestHub(testHubConfig({ 'ui.staticDir': staticDir }));
    ui = hub.status().uiUrl;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('sends them on the UI, its files, the API, errors and framework refusals', async () => {
    for (const url of [
      '/',
      '/devices',
      '/app.js',
      '/health',
      '/v1/admin/overview',
      '/v1/nothing',
      '/v1/admin/alerts/%zz/ack',
    ]) {
      expectUiHeaders(await fetchAnswer(`${ui}${url}`));
    }
  });

  it('sends nosniff on the device listener', async () => {
    for (const url of ['/health', '/v1/events', '/v1/nothing']) {
      expect((await httpsRequest(`${hub.status().lanUrl}${url}`)).headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
