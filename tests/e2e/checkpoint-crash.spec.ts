import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Issue #15: a kill -9 during the app's checkpoint write leaves the previous checkpoint readable. The worker writes
// each checkpoint as one IndexedDB put in one transaction, which the browser commits whole or not at all; this test
// kills the tab's renderer process (the page and its worker) while a run saves, and checks what a reload finds.

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));
const savedAt = async (page: Page) => {
  const m = /saved at (\d+)/.exec((await page.getByTestId('training-step').textContent()) ?? '');
  return m ? Number(m[1]) : null;
};

test('a renderer killed while a run saves reopens on a whole checkpoint', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  if (testInfo.project.name === 'webgpu') await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'webgpu'));
  await page.goto('/');
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Train|Resume/ }).click();
  await expect(status).toHaveAttribute('data-phase', 'running');
  // Two saves seen while running: the run is saving periodically, and the next save may be in flight at any moment.
  await expect.poll(() => savedAt(page), { timeout: 120_000 }).not.toBeNull();
  const first = (await savedAt(page))!;
  await expect.poll(async () => ((await savedAt(page)) ?? 0) > first, { timeout: 120_000 }).toBe(true);
  const saved = (await savedAt(page))!;

  // kill -9 of the tab: Chromium's Page.crash ends the renderer process without unload handlers or a clean shutdown.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.crash').catch(() => undefined);
  await page.close().catch(() => undefined);

  const again = await context.newPage();
  await again.goto('/');
  const reopened = again.getByTestId('training-step');
  await expect(reopened).toHaveAttribute('data-phase', /paused|ready/, { timeout: 90_000 });
  // The checkpoint read back is whole: the last save seen, or one the crash let finish after it.
  await expect.poll(() => stepOf(again), { timeout: 30_000 }).toBeGreaterThanOrEqual(saved);
  await expect(reopened).toContainText(`saved at ${await stepOf(again)}`);
  await expect(again.getByTestId('chart-losses').locator('polyline').first()).toBeVisible();
});
