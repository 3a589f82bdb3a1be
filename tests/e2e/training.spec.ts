import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));

test.beforeEach(async ({ page }, testInfo) => {
  // Under the WebGPU project, train on WebGPU (SwiftShader) even if the measured trial would pick another backend.
  if (testInfo.project.name === 'webgpu') {
    await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'webgpu'));
  }
});

test('trains ring8-2d, pauses, resumes, and resumes from its checkpoint after a reload', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('/');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  if (testInfo.project.name === 'webgpu') await expect(badge).toHaveAttribute('data-backend', 'webgpu');

  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 60_000 });
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Train|Resume/ }).click();
  await expect(status).toHaveAttribute('data-phase', 'running');
  await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);

  // Losses and points update.
  await expect(page.getByTestId('chart-losses').locator('polyline').first()).toBeVisible();
  const canvas = page.getByTestId('sample-canvas');
  await expect(canvas).toHaveAttribute('data-kind', 'points');
  await expect.poll(async () => Number(await canvas.getAttribute('data-step'))).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  const paused = await stepOf(page);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThan(paused);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  const before = await stepOf(page);
  await expect(status).toContainText(`saved at ${before}`);

  await page.reload();
  await expect(status).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
  expect(await stepOf(page)).toBe(before);
});
