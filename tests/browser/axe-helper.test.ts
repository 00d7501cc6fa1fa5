/**
 * The audit the screen tests rely on fails when it should (issue 12): a page with the contrast reported for the
 * banner's upstream text (#3b8c5f on #e3f4ea, 3.6:1) and an image without a text alternative is refused, with each
 * finding named. Chromium only; no hub.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/ui-session.js';
import { expectAccessible } from './helpers/axe.js';

describe('accessibility audit helper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('fails on serious and critical violations and says what and where', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>Probe</title></head><body><main>
      <h1>Probe</h1>
      <p class="upstream" style="color:#3b8c5f;background:#e3f4ea">Internet: online</p>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="logo">
    </main></body></html>`);
    const failure = await expectAccessible(page, 'the probe page').then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^accessibility audit of the probe page/);
    expect(failure).toMatch(
      /color-contrast \(serious\): .*\n\s+at p: .*contrast of 3\.6 \(foreground color: #3b8c5f, background color: #e3f4ea/,
    );
    expect(failure).toMatch(/image-alt \(critical\): .*\n\s+at img: Fix any of the following: .*; /);
  });

  it('passes a page without such findings', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>Probe</title></head><body><main>
      <h1>Probe</h1><p style="color:#1d7a46;background:#e3f4ea">Internet: online</p></main></body></html>`);
    await expectAccessible(page, 'the probe page');
  });
});
