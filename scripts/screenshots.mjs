/* global window, document */
// `node scripts/screenshots.mjs [url]`: the studio as a reader of the README first sees it — ring8-2d trained a few
// steps, at 1280×720 and 1440×900, in the light and dark themes — written to docs/screenshots/. Drives Debian's
// Chromium through Playwright against a running server (`npm run serve`, default http://localhost:3000).
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const url = process.argv[2] ?? 'http://localhost:3000';
const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const theme of ['light', 'dark']) {
  for (const [width, height] of [[1280, 720], [1440, 900]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    await context.addInitScript((t) => window.localStorage.setItem('gan-studio-theme', t), theme);
    const page = await context.newPage();
    await page.goto(url);
    const status = page.getByTestId('training-step');
    await status.waitFor();
    await page.waitForFunction(() => /ready|paused/.test(document.querySelector('[data-testid="training-step"]')?.getAttribute('data-phase') ?? ''), null, { timeout: 120_000 });
    // A few steps, so the losses, the points and D's surface are drawn.
    const step = page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: 'Step' });
    for (let i = 0; i < 3; i++) {
      await step.click();
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="training-step"]')?.getAttribute('data-step')) >= n, i + 1, { timeout: 60_000 });
    }
    // The sample view has drawn the last step (its canvas names the step it shows).
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="sample-canvas"]')?.getAttribute('data-step')) >= 3, null, { timeout: 60_000 });
    const file = `${out}/studio-${width}x${height}-${theme}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await context.close();
  }
}
await browser.close();
