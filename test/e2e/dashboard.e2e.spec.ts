import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startTestService, TEST_API_KEY, type TestService } from '../support/test-service.js';
import { findChromium, launchChromium } from './headless-chromium.js';

const CHROMIUM = findChromium();
const FAST_PROFILE = fileURLToPath(new URL('./fixtures/fast-demo.profile.json', import.meta.url));
const SCREENSHOT = fileURLToPath(new URL('../artifacts/dashboard.png', import.meta.url));
const LIVE_TIMEOUT_MS = 45_000;

if (CHROMIUM === undefined) {
  process.stderr.write('\ndashboard e2e: SKIPPED, no `chromium` on PATH (apt-get install -y chromium)\n');
}
const withChromium = CHROMIUM === undefined ? describe.skip : describe;

withChromium(
  'the dashboard in headless Chromium, on the sandbox demo campaign (skipped without chromium)',
  () => {
    let service: TestService;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];

    const counter = (name: string) => page.locator(`[data-counter="${name}"]`).innerText();
    const campaignStatus = async () =>
      ((await (await service.api('/api/campaigns/demo')).json()) as { status: string }).status;

    beforeAll(async () => {
      service = await startTestService({ DEMO: 'true', SANDBOX_PROFILE: FAST_PROFILE });
      browser = await launchChromium(CHROMIUM!);
      page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        // a refused key is expected once (the test sends a wrong one); anything else logged as an error is a bug
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          pageErrors.push(message.text());
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await service?.close();
    });

    it('loads at / without a key and asks for one', async () => {
      const response = await page.goto(`${service.baseUrl}/`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
      await page.getByLabel('API key').waitFor({ state: 'visible' });
      expect(await page.locator('#board').isHidden()).toBe(true);
    });

    it('says so when the key is wrong, and shows the board with the right one', async () => {
      await page.getByLabel('API key').fill('not-the-key-0123456789');
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.locator('#key-error', { hasText: 'refused' }).waitFor();
      expect(await page.locator('#board').isHidden()).toBe(true);

      await page.getByLabel('API key').fill(TEST_API_KEY);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.locator('#board').waitFor({ state: 'visible' });
      expect(await page.getByLabel('Campaign', { exact: true }).inputValue()).toBe('demo');
      await page.locator('#campaign-status', { hasText: 'Running' }).waitFor();
      await page.locator('#live[data-state="live"]').waitFor();
      expect(await page.evaluate("localStorage.getItem('dialer.apiKey')")).toBe(TEST_API_KEY);
    });

    it('shows the five demo agents as tiles with their state and time in it', async () => {
      const tiles = page.locator('#agents .agent');
      await expect(tiles.count()).resolves.toBe(5);
      for (const tile of await tiles.all()) {
        expect(['available', 'reserved', 'on-call', 'wrap-up', 'paused']).toContain(
          await tile.getAttribute('data-status'),
        );
      }
      expect(await tiles.first().locator('.agent-time').innerText()).toMatch(/^\d+:\d\d$/);
    });

    it(
      'updates the counters and the latest calls live while the sandbox campaign dials',
      async () => {
        const dialed = page.locator('[data-counter="dialed"]');
        await dialed.filter({ hasText: /\d/ }).waitFor();
        const before = await dialed.innerText();
        await dialed
          .filter({ hasNotText: new RegExp(`^${before.replace(/\W/g, '\\$&')}$`) })
          .waitFor({ timeout: LIVE_TIMEOUT_MS });
        const digits = (text: string) => Number(text.replace(/\D/g, ''));
        expect(digits(await dialed.innerText())).toBeGreaterThan(digits(before));
        await page.locator('#calls tr').nth(3).waitFor({ timeout: LIVE_TIMEOUT_MS });
        // the fast profile connects about half the calls: the counter follows the calls the table shows
        await page
          .locator('[data-counter="connected"]')
          .filter({ hasNotText: /^0$/ })
          .waitFor({ timeout: LIVE_TIMEOUT_MS });
        const outcomes = await page.locator('#calls .chip').allInnerTexts();
        for (const outcome of outcomes) {
          expect(['Connected', 'Busy', 'No answer', 'Failed', 'Canceled', 'Agent missed']).toContain(outcome);
        }
        expect(await counter('abandoned')).toBe('0');
        expect(await counter('connect-rate')).toMatch(/%$/);
        // phone numbers on screen show only their last 4 digits
        expect(await page.locator('#calls').innerText()).not.toMatch(/\+?91\d{8}/);

        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
      },
      LIVE_TIMEOUT_MS * 2 + 10_000,
    );

    it('pauses the campaign with the Pause button, then offers Resume', async () => {
      expect(await campaignStatus()).toBe('running');
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.locator('#campaign-status', { hasText: 'Paused' }).waitFor();
      expect(await campaignStatus()).toBe('paused');
      expect(await page.getByRole('button', { name: 'Resume' }).isEnabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);
    });

    it('resumes it with the Resume button', async () => {
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.locator('#campaign-status', { hasText: 'Running' }).waitFor();
      expect(await campaignStatus()).toBe('running');
    });

    it('logged no script error and no blocked resource', () => {
      expect(pageErrors).toEqual([]);
    });
  },
);
