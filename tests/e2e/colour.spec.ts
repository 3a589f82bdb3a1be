import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { openRun, status, step } from './run-helpers';

/** The share of the canvas's pixels whose red, green and blue differ: 0 for a grid drawn grey. */
const colouredShare = (canvas: Locator) =>
  canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 4) n++;
    return n / (d.length / 4);
  });

test('dcgan-shapes trains on the coloured shapes in the app, shows its samples in colour and says why no metric applies', async ({ page }) => {
  test.setTimeout(240_000);
  await openRun(page);
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Open preset DCGAN on coloured shapes (RGB)' }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('DCGAN on coloured shapes (RGB)');
  await expect(status(page)).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await expect(page.getByTestId('eval-unavailable')).toContainText('colour images');

  await step(page, 1);
  const canvas = page.getByTestId('sample-canvas');
  await expect(canvas).toHaveAttribute('data-kind', 'images');
  await expect(canvas).toHaveAttribute('data-step', '1');
  // G's three output channels are three different filters, so some pixels differ in colour even after one step
  // (measured 8 %); a grid drawn from one channel would have none.
  expect(await colouredShare(canvas)).toBeGreaterThan(0.02);
});
