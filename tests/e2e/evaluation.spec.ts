import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openRun, status, step } from './run-helpers';

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));

test('evaluates ring8-2d on demand and every N steps, plots the history, and keeps it across a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 60_000 });

  const panel = page.getByRole('group', { name: 'Evaluation' });
  const every = panel.getByLabel('evaluate every N steps');
  await expect(every).toHaveValue('250');
  await expect(panel.getByLabel('evaluation samples')).toHaveValue('2500');
  await expect(panel.getByTestId('eval-status')).toHaveText('not evaluated yet');

  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Train|Resume/ }).click();
  await expect(status).toHaveAttribute('data-phase', 'running');
  await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  const paused = await stepOf(page);

  await panel.getByRole('button', { name: 'Evaluate now' }).click();
  const table = panel.getByTestId('eval-table');
  await expect(table).toHaveAttribute('data-step', String(paused));
  await expect(table.locator('[data-metric="modes"] td').first()).toHaveText(/^\d \/ 8$/);
  await expect(table.locator('[data-metric="hq"] td').first()).toHaveText(/%$/);
  await expect(table.locator('[data-metric="modes"]')).toHaveAttribute('title', /high-quality sample/);
  const main = page.getByTestId('chart-eval-main');
  await expect(main.locator('circle')).toHaveCount(1);
  await expect(main.locator('circle')).toHaveAttribute('data-x', String(paused));

  // Every 2 steps: the loop evaluates between steps while training runs.
  await every.fill('2');
  await every.press('Enter');
  await expect(every).toHaveValue('2');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => main.locator('circle').count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  await expect(panel.getByTestId('eval-status')).toHaveAttribute('data-state', 'idle');
  const points = await main.locator('circle').count();
  const saved = await stepOf(page);
  await expect(status).toContainText(`saved at ${saved}`);

  // The history travels with the checkpoint: results up to the saved step come back after a reload.
  await page.reload();
  await expect(status).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
  expect(await stepOf(page)).toBe(saved);
  await expect(main.locator('circle')).toHaveCount(points);
});

test('scores a paired design on held-out digits: PSNR, SSIM and accuracy of G(A) beside the bicubic baseline', async ({ page }) => {
  test.setTimeout(180_000);
  await openRun(page);
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Open preset SRGAN: 4× super-resolution of MNIST' }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('SRGAN: 4× super-resolution of MNIST');
  await expect(status(page)).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

  const panel = page.getByRole('group', { name: 'Evaluation' });
  const note = panel.getByTestId('eval-note');
  await expect(note).toHaveText('1,000 test digits: G(A) vs the true digit; baseline bicubic');
  // Few digits keep it quick under SwiftShader; the test split is fetched on this first paired evaluation.
  const samples = panel.getByLabel('evaluation samples');
  await samples.fill('100');
  await samples.press('Enter');
  await expect(note).toHaveText('100 test digits: G(A) vs the true digit; baseline bicubic');
  await step(page, 1);

  await panel.getByRole('button', { name: 'Evaluate now' }).click();
  const table = panel.getByTestId('eval-table');
  await expect(table).toHaveAttribute('data-step', '1', { timeout: 90_000 });
  const cell = (metric: string) => table.locator(`[data-metric="${metric}"] td`).first();
  await expect(cell('psnr')).toHaveText(/^\d+\.\d\d dB \(bicubic \d+\.\d\d\)$/);
  await expect(cell('ssim')).toHaveText(/^-?\d\.\d{3} \(bicubic 0\.\d{3}\)$/);
  await expect(cell('accuracy')).toHaveText(/^\d+\.\d % \(bicubic \d+\.\d %\)$/);
  await expect(table.locator('[data-metric="accuracy"]')).toHaveAttribute('title', /true digits themselves, scores \d+\.\d %/);
  await expect(page.getByTestId('chart-eval-main')).toContainText('PSNR (dB)');
});
