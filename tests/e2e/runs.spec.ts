import type { Page, TestInfo } from '@playwright/test';
import { dragBlock, newBlankDesign, node, openGraph, select, setField } from './editor-helpers';
import { test, expect } from './fixtures';
import { controls, openRun, status, step, stepOf } from './run-helpers';

/**
 * Runs never vanish silently: an edit keeps the run until the user restarts (warm) or undoes it; designs keep their
 * own runs; the curves come back with the checkpoint; a backend switch moves the run. On ring8-2d (the first
 * visit's design), a few steps each: SwiftShader is slow.
 */
const lossPoints = async (page: Page) => ((await page.getByTestId('chart-losses').locator('polyline').first().getAttribute('points')) ?? '').trim().split(/\s+/).filter(Boolean).length;

test.describe('a run and its design', () => {
  // wasm trains these small MLPs quickly in both projects; the backend switch below covers the others.
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
  });

  test('an edit keeps the run: adding and deleting a block asks nothing, undo puts the design back, restart keeps unchanged layers', async ({ page }) => {
    test.setTimeout(240_000);
    await openRun(page);
    await step(page, 3);
    const banner = page.getByTestId('design-changed');

    // An unconnected block, then gone again: the run never moves from step 3.
    await openGraph(page, 'G');
    // Below the laid-out row of layers, clear of the panels in the pane's corners.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await dragBlock(page, 'dense', 'dense', { x: pane.width / 2, y: pane.height * 0.85 });
    await expect(banner).toHaveAttribute('data-since', '3');
    await node(page, 'dense').locator('.block-node-title').click();
    await page.keyboard.press('Delete');
    await expect(node(page, 'dense')).toHaveCount(0);
    await expect(banner).toHaveCount(0);
    await expect(status(page)).toHaveAttribute('data-step', '3');
    await expect(status(page)).toHaveAttribute('data-phase', 'paused');

    // A wider fc2: the run stays at step 3 until the user chooses; "Undo the change" brings fc2 back to 256 units.
    await page.getByRole('button', { name: 'Fit view' }).click();
    await select(page, 'fc2');
    await setField(page, 'Units', '96');
    await expect(banner).toContainText('The design changed since step 3');
    await expect(status(page)).toHaveAttribute('data-step', '3');
    await banner.getByRole('button', { name: 'Undo the change' }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Inspector' }).getByLabel('Units', { exact: true })).toHaveValue('256');
    await expect(status(page)).toHaveAttribute('data-step', '3');
    await step(page, 1);

    // Changed again, then restarted with it: a new run at step 0 whose unchanged layers keep their trained weights.
    await setField(page, 'Units', '96');
    await expect(banner).toHaveAttribute('data-since', '4');
    await banner.getByRole('button', { name: 'Restart with the change' }).click();
    const warm = page.getByTestId('warm-start');
    await expect(warm).toHaveAttribute('data-fresh', 'G/fc2 G/point');
    await expect(warm).toHaveAttribute('data-kept', '4');
    await expect(warm).toContainText('4 layers kept their trained weights; fresh weights for G/fc2 (changed), G/point (changed)');
    await expect(banner).toHaveCount(0);
    await expect(status(page)).toHaveAttribute('data-phase', 'ready');
    await expect(status(page)).toHaveAttribute('data-step', '0');
    await expect(status(page)).toContainText('saved at 0');
    await step(page, 1);
  });

  test('a blank design starts with an empty dashboard, and the other design keeps its run', async ({ page }) => {
    test.setTimeout(240_000);
    await openRun(page);
    const name = await page.getByLabel('Design name').inputValue();
    await step(page, 2);
    await expect(page.getByTestId('chart-losses').locator('polyline').first()).toBeVisible();
    await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-kind', 'points');

    await newBlankDesign(page);
    await expect(status(page)).toHaveAttribute('data-phase', 'idle');
    await expect(status(page)).toHaveAttribute('data-step', '0');
    await expect(status(page)).not.toContainText('saved at');
    await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-kind', 'none');
    await expect(page.getByTestId('chart-losses')).toContainText('no data yet');
    await expect(page.getByTestId('run-idle')).toContainText(/^The design has \d+ errors?; fix/);
    await expect(page.getByRole('region', { name: 'Training' }).getByRole('alert')).toHaveCount(0);

    await page.getByRole('button', { name: 'My designs' }).click();
    await page.getByRole('dialog', { name: 'Saved designs' }).getByRole('button', { name: `Open ${name}`, exact: true }).click();
    await expect(status(page)).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
    expect(await stepOf(page)).toBe(2);
    expect(await lossPoints(page)).toBe(2);
  });

  test('a reload brings the loss history back with the weights', async ({ page }) => {
    test.setTimeout(240_000);
    await openRun(page);
    await controls(page).getByRole('button', { name: /Train|Resume/ }).click();
    await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(6);
    await controls(page).getByRole('button', { name: 'Pause' }).click();
    await expect(status(page)).toHaveAttribute('data-phase', 'paused');
    const saved = await stepOf(page);
    await expect(status(page)).toContainText(`saved at ${saved}`);
    const shown = await lossPoints(page);

    await page.reload();
    await expect(status(page)).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
    expect(await stepOf(page)).toBe(saved);
    // Every step's losses (the worker keeps them all; the page only got them as often as it could draw them).
    await expect.poll(() => lossPoints(page)).toBe(saved);
    expect(saved).toBeGreaterThanOrEqual(shown);
  });
});

/** Whether `backend` can run in this project's browser: only the WebGPU project has an adapter. */
function unavailable(backend: string, info: TestInfo): string | null {
  return backend === 'webgpu' && info.project.name !== 'webgpu' ? 'no WebGPU adapter in the fallback project (Chromium without --enable-unsafe-webgpu)' : null;
}

for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
  // Each starts on a chosen backend (no measured trial to wait for) and comes back to it; the cpu one comes back to
  // automatic choice, so that way is covered too.
  const start = backend === 'wasm' ? 'cpu' : 'wasm';
  const back = backend === 'cpu' ? 'auto' : start;
  test(`switching from ${start} to ${backend} and back to ${back} moves the paused run and keeps every control working`, async ({ page }, testInfo) => {
    const why = unavailable(backend, testInfo);
    test.skip(why !== null, why ?? '');
    // SwiftShader compiles every WebGPU shader of the first step: minutes on a busy machine.
    test.setTimeout(backend === 'webgpu' ? 360_000 : 240_000);
    await page.addInitScript((b) => window.localStorage.setItem('gan-studio:backend', b), start);
    await openRun(page);
    await step(page, 2);
    const badge = page.getByTestId('backend-badge');
    const notice = page.getByTestId('run-notice');
    const choose = page.getByLabel('training backend');
    await expect(badge).toHaveAttribute('data-backend', start);

    await choose.selectOption(backend);
    await expect(badge).toHaveAttribute('data-backend', backend, { timeout: 90_000 });
    await expect(notice).toHaveText(`Moved the run at step 2 to ${backend}.`, { timeout: 90_000 });
    await expect(status(page)).toHaveAttribute('data-phase', 'paused');
    await expect(status(page)).toHaveAttribute('data-step', '2');
    await expect(choose).toHaveValue(backend);
    expect(await lossPoints(page)).toBe(2);
    await step(page, 1);

    await choose.selectOption(back);
    await expect(notice).toHaveText(back === 'auto' ? /^Moved the run at step 3 to (webgpu|webgl|wasm|cpu)\.$/ : `Moved the run at step 3 to ${back}.`, { timeout: 120_000 });
    await expect(status(page)).toHaveAttribute('data-phase', 'paused');
    await expect(status(page)).toHaveAttribute('data-step', '3');
    await expect(choose).toHaveValue(back);
    expect(await lossPoints(page)).toBe(3);
    await step(page, 1);
    await controls(page).getByRole('button', { name: 'Reset' }).click();
    await expect(status(page)).toHaveAttribute('data-step', '0');
    await expect(status(page)).toHaveAttribute('data-phase', 'ready');
  });
}

test('choosing a backend this browser lacks keeps the run on one that works, and says why', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'webgpu', 'the WebGPU project has an adapter: the fallback project lacks one');
  test.setTimeout(240_000);
  await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
  await openRun(page);
  await step(page, 2);
  await page.getByLabel('training backend').selectOption('webgpu');
  await expect(page.getByTestId('run-notice')).toHaveText(/^Moved the run at step 2 to (webgl|wasm|cpu) \(webgpu does not work here: no WebGPU adapter on this device\)\.$/, { timeout: 120_000 });
  await expect(status(page)).toHaveAttribute('data-phase', 'paused');
  await expect(status(page)).toHaveAttribute('data-step', '2');
  await step(page, 1);
});
