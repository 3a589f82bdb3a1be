import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * The worker runs tfjs-backend-wasm's threaded SIMD build where the page is cross-origin isolated (next.config.js sends
 * COOP/COEP), and falls back to single-threaded SIMD wasm where it is not; the backend badge says which, with the
 * thread count. Both tests choose wasm (the user's override) so the trial's ranking does not matter.
 */
test.beforeEach(async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'fallback', 'wasm threads are checked once, in the fallback project');
  await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
});

async function wasmBadge(page: Page) {
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(badge).toHaveAttribute('data-backend', 'wasm');
  return badge;
}

test('wasm runs threaded SIMD with a thread per core, and trains a DCGAN step on it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const badge = await wasmBadge(page);
  await expect(badge).toHaveAttribute('data-threaded', 'true');
  const threads = Number(await badge.getAttribute('data-threads'));
  expect(threads).toBeGreaterThanOrEqual(Math.min(2, cores));
  expect(threads).toBeLessThanOrEqual(Math.max(cores, 1));
  await expect(badge).toContainText(`wasm · ${threads} threads`);
  expect(await badge.getAttribute('title')).toMatch(new RegExp(`^wasm: threaded SIMD wasm, ${threads} threads$`, 'm'));

  // The registered training kernels (Conv2DBackpropFilter and the rest) run under the threaded build: train the
  // DCGAN preset (conv, transposed conv, batch norm on MNIST) for a couple of steps.
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Open preset DCGAN on MNIST' }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('DCGAN on MNIST');
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  const controls = page.getByRole('toolbar', { name: 'Training controls' });
  await controls.getByRole('button', { name: /Train|Resume/ }).click();
  await expect.poll(async () => Number(await status.getAttribute('data-step')), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
  await controls.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-kind', 'images');
  await expect(badge).toHaveAttribute('data-threaded', 'true');
});

test('when the threads fail to start, wasm falls back to single-threaded SIMD and says why', async ({ page, context }) => {
  // The pthreads cannot load their main script: each one fails, and the worker must not hang or fail with them.
  await context.route('**/vendor/tfjs-wasm/tfjs-backend-wasm-threaded-simd.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/');
  const badge = await wasmBadge(page);
  await expect(badge).toHaveAttribute('data-threaded', 'false');
  await expect(badge).toHaveAttribute('data-threads', '1');
  expect(await badge.getAttribute('title')).toMatch(/^wasm: single-threaded SIMD wasm: threads failed to start \(.+\)$/m);
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 60_000 });
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Train|Resume/ }).click();
  await expect.poll(async () => Number(await status.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
});

test('without cross-origin isolation wasm falls back to single-threaded SIMD and says why', async ({ page }) => {
  // Serve the page without COOP/COEP: no SharedArrayBuffer, so no wasm threads.
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    },
  );
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const badge = await wasmBadge(page);
  await expect(badge).toHaveAttribute('data-threaded', 'false');
  await expect(badge).toHaveAttribute('data-threads', '1');
  await expect(badge).toContainText('wasm · 1 thread');
  expect(await badge.getAttribute('title')).toMatch(/^wasm: single-threaded SIMD wasm: the page is not cross-origin isolated/m);
});
