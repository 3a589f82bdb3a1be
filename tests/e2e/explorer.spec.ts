import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openRun, step } from './run-helpers';

/**
 * The latent explorer (issue #18) on the first visit's design (ring8-2d, a 2-D toy: each sample is a point, shown as
 * a tile of the plot with that point marked): a trained run's grid of draws, a path between two picked samples, a
 * random direction's slider, the picture exported with the design in it and opened again as the design.
 */
const pixels = (tile: Locator) => tile.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

async function saved(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await button.click();
  const d = await download;
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test.describe('latent explorer', () => {
  // wasm trains ring8's small MLPs quickly in both projects, and the same way: the pictures compared are seeded.
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
  });

  test('a trained ring8 run: pick two samples, interpolate, sweep a direction, export the PNG and reopen it as the design', async ({ page }) => {
    test.setTimeout(120_000);
    await openRun(page);
    await step(page, 2);
    const designName = await page.getByLabel('Design name').inputValue();

    await page.getByRole('button', { name: 'Explore latent space' }).click();
    const dialog = page.getByRole('dialog', { name: 'Explore the latent space' });
    const grid = dialog.getByTestId('explore-grid');
    await expect(grid).toHaveAttribute('data-state', 'ready');
    await expect(grid).toHaveAttribute('data-count', '16');
    await expect(dialog).toContainText('8-dimensional normal noise');
    await expect(dialog).toContainText('at step 2');

    // A, then B: both pressed; a path of 8 tiles (spherical by default) from A's sample to B's.
    const sampleA = grid.getByRole('button', { name: 'Sample 2', exact: true });
    await sampleA.click();
    await grid.getByRole('button', { name: 'Sample 7', exact: true }).click();
    const a = grid.getByRole('button', { name: 'Sample 2 (A)' });
    const b = grid.getByRole('button', { name: 'Sample 7 (B)' });
    await expect(a).toHaveAttribute('aria-pressed', 'true');
    await expect(b).toHaveAttribute('aria-pressed', 'true');
    const path = dialog.getByTestId('explore-path');
    await expect(path).toHaveAttribute('data-state', 'ready');
    const tiles = path.getByRole('img');
    await expect(tiles).toHaveCount(8);
    const [pa, pb] = [await pixels(a.locator('canvas')), await pixels(b.locator('canvas'))];
    expect(pa).not.toBe(pb);
    expect(await pixels(tiles.first())).toBe(pa);
    expect(await pixels(tiles.last())).toBe(pb);

    // Linear, 5 steps: a new path with the same ends.
    await dialog.getByRole('radio', { name: 'linear' }).check();
    await dialog.getByLabel('Steps').fill('5');
    await expect(path).toHaveAttribute('data-count', '5');
    await expect(path).toHaveAttribute('data-state', 'ready');
    await expect(tiles).toHaveCount(5);
    expect(await pixels(tiles.first())).toBe(pa);

    // The first direction's slider moves A (from the keyboard): at 0 the moved sample is A itself.
    const sweep = dialog.getByTestId('explore-sweep');
    const movedTile = sweep.getByRole('img', { name: 'Sample A moved' });
    await expect(sweep).toHaveAttribute('data-state', 'ready');
    expect(await pixels(movedTile)).toBe(pa);
    await sweep.getByRole('slider', { name: 'Direction 1' }).focus();
    await page.keyboard.press('End');
    await expect(sweep.locator('output').first()).toHaveText('3.00');
    await expect(sweep).toHaveAttribute('data-state', 'ready');
    expect(await pixels(movedTile)).not.toBe(pa);

    const found = await new AxeBuilder({ page }).include('dialog[open]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The noise as JSON: the draws, and the path from draw 2 to draw 7.
    const json = await saved(page, dialog.getByRole('button', { name: 'Export noise (JSON)' }));
    const doc = JSON.parse(json.bytes.toString('utf8'));
    expect(doc).toMatchObject({ format: 'gan-studio-latents', step: 2, seed: 1, picks: { a: 1, b: 6 }, latent: { dim: 8 }, interpolation: { mode: 'linear', steps: 5 } });
    expect(doc.draws).toHaveLength(16);
    expect(doc.interpolation.vectors[0]).toEqual(doc.draws[1]);
    expect(doc.offsets[0]).toBe(3);

    // Principal directions (GANSpace): the components of G's first hidden layer, each slider with its variance share.
    await dialog.getByRole('radio', { name: 'principal directions' }).check();
    await expect(dialog.getByTestId('explore-directions-note')).toContainText('(“fc1”, 256 values) over 512 draws at step 2');
    await expect(sweep.getByRole('slider')).toHaveCount(3);
    const shares = (await sweep.locator('.explore-explained').allTextContents()).map((t) => parseFloat(t));
    expect(shares).toHaveLength(3);
    expect(shares[0]!).toBeGreaterThanOrEqual(shares[1]!);
    expect(shares[1]!).toBeGreaterThanOrEqual(shares[2]!);
    expect(shares[2]!).toBeGreaterThan(0);
    expect(shares.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(100.5);
    await expect(sweep).toHaveAttribute('data-state', 'ready');
    expect(await pixels(movedTile)).toBe(pa);
    await sweep.getByRole('slider', { name: 'Direction 1' }).focus();
    await page.keyboard.press('Home');
    await expect(sweep.locator('output').first()).toHaveText('-3.00');
    await expect(sweep).toHaveAttribute('data-state', 'ready');
    expect(await pixels(movedTile)).not.toBe(pa);
    // The memorisation check looks up MNIST digits: for 2-D points it says why it does not apply.
    await expect(dialog.getByTestId('explore-nearest-unavailable')).toContainText('samples are 2-D points, not images');

    // The view as a PNG carrying the design: opened as a file, it becomes a new design of the same name, numbered.
    const png = await saved(page, dialog.getByRole('button', { name: 'Export PNG' }));
    expect(png.name).toMatch(/-latents\.gan\.png$/);
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('import-input').setInputFiles({ name: png.name, mimeType: 'image/png', buffer: png.bytes });
    await expect(page.getByLabel('Design name')).toHaveValue(`${designName} (2)`);
    await expect(page.locator('.toasts')).toContainText(`from ${png.name}`);
  });
});
