import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The training dashboard in its dock: every panel within reach, a resizable dock, an enlarged sample view, a legend. */

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));

/** Opens the studio on its first-visit design (the ring of 8 Gaussians, a 2-D design) and waits for its trainer. */
async function openRing8(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByLabel('Design name')).toHaveValue('Ring of 8 Gaussians (2-D)');
  await expect(page.getByTestId('training-step')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
}

/** One training step through the Step button; resolves once the sample view shows the new step. */
async function step(page: Page): Promise<number> {
  const before = await stepOf(page);
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => stepOf(page), { timeout: 90_000 }).toBeGreaterThan(before);
  const now = await stepOf(page);
  await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-step', String(now));
  return now;
}

/** The panel's box, and whether it lies wholly in the viewport and is what the page shows at its centre (not covered). */
async function placement(panel: Locator) {
  return panel.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const hit = inside ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
    return { left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom), visible: inside && !!hit && el.contains(hit) };
  });
}

/** The nearest ancestor that scrolls the panel vertically and shows a scrollbar for it (overflow auto or scroll). */
async function scroller(panel: Locator) {
  return panel.evaluate((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const { overflowY } = getComputedStyle(p);
      if ((overflowY === 'auto' || overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return { overflowY, scrollHeight: p.scrollHeight, clientHeight: p.clientHeight };
    }
    return null;
  });
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} every dashboard panel is on screen or scrolls into view`, async ({ page }) => {
    await page.setViewportSize(size);
    await openRing8(page);
    const body = page.getByRole('region', { name: 'Training' }).locator('.training-body');
    const panels = body.locator(':scope > *');
    // Samples, losses, scores, gradient norms, two evaluation charts, the evaluation and health panels, the learning rates.
    await expect(panels).toHaveCount(9);

    // Nothing runs off the side: the panels wrap within the dock's width, and the page never scrolls sideways.
    const widths = await body.evaluate((el) => ({ content: el.scrollWidth, box: el.clientWidth, page: document.documentElement.scrollWidth }));
    expect(widths.content).toBeLessThanOrEqual(widths.box);
    expect(widths.page).toBeLessThanOrEqual(size.width);

    for (const panel of await panels.all()) {
      const at = await placement(panel);
      expect(at.right, 'within the window sideways').toBeLessThanOrEqual(size.width);
      if (!at.visible) {
        // Below the fold: the dock scrolls it (and a browser draws the scrollbar); scrolling brings it wholly into view.
        expect(await scroller(panel), 'a scroll container with a scrollbar').not.toBeNull();
        await panel.scrollIntoViewIfNeeded();
        expect(await placement(panel)).toMatchObject({ visible: true });
      }
    }
    // The controls stay in reach while the dashboard is scrolled: the last panel is in view, and so is Step.
    await expect(page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: 'Step' })).toBeInViewport({ ratio: 1 });
  });
}

test('the dock resizes by keyboard and by dragging its separator, and keeps its height after a reload', async ({ page }) => {
  await openRing8(page);
  const dock = page.getByTestId('dock');
  const separator = page.getByRole('separator', { name: 'Resize the training dashboard' });
  const height = async () => (await dock.boundingBox())!.height;
  const start = await height();

  await separator.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(height).toBeGreaterThan(start + 10);
  const keyed = await height();
  await page.keyboard.press('ArrowDown');
  await expect.poll(height).toBeLessThan(keyed - 10);

  const box = (await separator.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const before = await height();
  const workspace = page.getByTestId('workspace');
  const above = (await workspace.boundingBox())!.height;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 60, { steps: 4 });
  await page.mouse.move(x, y - 120, { steps: 4 });
  await page.mouse.up();
  await expect.poll(height).toBeGreaterThan(before + 100);
  const dragged = await height();
  expect(dragged).toBeLessThan(before + 140);
  // The workspace gives up what the dock takes.
  expect(Math.abs(above - (await workspace.boundingBox())!.height - (dragged - before))).toBeLessThanOrEqual(2);

  // The last change, by key, is the height that comes back.
  await separator.focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(height).toBeLessThan(dragged - 10);
  const last = await height();
  await page.reload();
  await expect(page.getByTestId('training-step')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await expect.poll(async () => Math.abs((await height()) - last)).toBeLessThanOrEqual(2);
});

test('the sample view enlarges to a dialog that names its step, and Escape closes it', async ({ page }) => {
  await openRing8(page);
  const n = await step(page);
  await page.getByRole('button', { name: 'Enlarge samples' }).click();
  const dialog = page.getByRole('dialog', { name: `Samples at step ${n}` });
  await expect(dialog).toBeVisible();
  const large = dialog.getByTestId('sample-canvas-large');
  await expect(large).toHaveAttribute('data-step', String(n));
  await expect(large).toHaveAttribute('data-kind', 'points');
  // Larger than the docked view, and within the window.
  const docked = (await page.getByTestId('sample-canvas').boundingBox())!;
  const big = (await large.boundingBox())!;
  expect(big.width).toBeGreaterThan(2 * docked.width);
  await expect(large).toBeInViewport({ ratio: 1 });
  // The enlarged plot has its legend too.
  await expect(dialog.getByTestId('plot-legend')).toContainText('real data');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Enlarge samples' })).toBeVisible();
});

test('a 2-D design shows the plot legend and its own metrics, never the image metrics', async ({ page }) => {
  await openRing8(page);
  const training = page.getByRole('region', { name: 'Training' });
  const legend = training.getByTestId('plot-legend');
  await expect(legend).toBeVisible();
  await expect(legend.getByRole('listitem')).toHaveText([/real data/, /generated/, /D's score/]);
  // The surface's scale reads its lowest … highest score: two numbers, low first.
  const ends = (await legend.locator('.plot-scale-end').allTextContents()).map(Number);
  expect(ends).toHaveLength(2);
  expect(ends[0]).toBeLessThanOrEqual(ends[1]!);

  await expect(training.getByTestId('chart-eval-main')).toContainText('Modes covered');
  await expect(training.getByTestId('chart-eval-second')).toContainText('Sample quality');
  await expect(training.getByText(/Fréchet|Precision|recall|KID/)).toHaveCount(0);
  // After a step and an evaluation, still only the 2-D metrics.
  const n = await step(page);
  // The health check has looked at the run (the worker's diagnose on the step's sample frame) and found nothing.
  await expect(training.getByTestId('health-none')).toHaveText(new RegExp(`^No problems seen over steps \\d+–${n}\\.$`));
  await training.getByRole('button', { name: 'Evaluate now' }).click();
  await expect(training.getByTestId('eval-table')).toBeVisible();
  await expect(training.getByText(/Fréchet|Precision|recall|KID/)).toHaveCount(0);

  // An image design is the contrast: the image metrics' charts, and no 2-D legend.
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Open preset Vanilla GAN (MLP) on MNIST' }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('Vanilla GAN (MLP) on MNIST');
  await expect(page.getByTestId('training-step')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await expect(training.getByTestId('chart-eval-main')).toContainText('Fréchet distance');
  await expect(training.getByTestId('chart-eval-second')).toContainText('Precision / recall');
  await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-kind', 'images');
  await expect(legend).toHaveCount(0);
});
