import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe's serious and critical findings on the page (or the part `include` selects), one line each. */
async function seriousFindings(page: Page, include?: string): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags(TAGS);
  const { violations } = await (include ? axe.include(include) : axe).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) on ${v.nodes.length}: ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious on the studio, its dialogs and the training dashboard (${theme} theme)`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.addInitScript((t) => window.localStorage.setItem('gan-studio-theme', t), theme);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.locator('.react-flow__node').first()).toBeVisible();

    // The dashboard with something in it: one training step of the default preset (ring8-2d, a 2-D toy: quick).
    const status = page.getByTestId('training-step');
    await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
    await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: 'Step' }).click();
    await expect.poll(async () => Number(await status.getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    expect(await seriousFindings(page, 'section[aria-label="Training"]'), 'training dashboard').toEqual([]);
    expect(await seriousFindings(page), 'studio with a preset open').toEqual([]);

    await page.getByRole('button', { name: 'Presets', exact: true }).click();
    const gallery = page.getByRole('dialog', { name: 'Presets' });
    await expect(gallery).toBeVisible();
    expect(await seriousFindings(page, 'dialog[open]'), 'preset gallery').toEqual([]);

    // A conv-net preset: its blocks, an opened network, the inspector of a layer.
    await gallery.getByTestId('preset-dcgan-mnist').getByRole('button', { name: /^Open preset/ }).click();
    await expect(page.getByLabel('Design name')).toHaveValue('DCGAN on MNIST');
    await page.getByRole('region', { name: 'Graphs' }).getByRole('button', { name: /^G\b/ }).click();
    await expect(page.locator('.react-flow__node[data-id="in"]')).toBeVisible();
    expect(await seriousFindings(page), 'studio with a network open').toEqual([]);

    await page.getByRole('button', { name: 'Export project' }).click();
    const exporter = page.getByRole('dialog', { name: 'Export project' });
    await expect(exporter.getByTestId('export-code')).toHaveAttribute('data-state', 'ready');
    expect(await seriousFindings(page, 'dialog[open]'), 'export dialog').toEqual([]);
  });
}

test("the inspector's fields are named by their labels, not their param ids", async ({ page }) => {
  await page.goto('/');
  await page.getByRole('region', { name: 'Graphs' }).getByRole('button', { name: /^G\b/ }).click();
  // ring8-2d's generator: in → fc1 (Dense) → …
  await page.locator('.react-flow__node[data-id="fc1"] .block-node-title').click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('spinbutton', { name: 'Units', exact: true })).toBeVisible();
  await expect(inspector.getByRole('combobox', { name: 'Activation', exact: true })).toBeVisible();
  await expect(inspector.getByRole('checkbox', { name: 'Use bias', exact: true })).toBeVisible();
  // The param ids are shown beside the labels, but no control is named by one.
  await expect(inspector.getByRole('spinbutton', { name: 'units', exact: true })).toHaveCount(0);
  await expect(inspector.getByRole('checkbox', { name: 'useBias', exact: true })).toHaveCount(0);
});

test('the page has an icon, served by the app itself', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  const url = new URL(href!, page.url());
  expect(url.host).toBe(new URL(page.url()).host);
  const res = await page.request.get(url.href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/image\//);
});
