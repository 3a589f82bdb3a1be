import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The canvas's zoom, from React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  return Number(/scale\(([\d.]+)\)/.exec(style)?.[1]);
}

/** What is drawn now (React Flow draws only what is in view): each block's and each edge label's box on screen. */
async function drawn(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const pane = box(document.querySelector('.react-flow')!);
    return {
      pane,
      nodes: [...document.querySelectorAll('.react-flow__node')].map((el) => ({ id: el.getAttribute('data-id')!, ...box(el) })),
      labels: [...document.querySelectorAll('.edge-shape')].map((el) => ({ id: el.getAttribute('data-testid')!, text: el.textContent ?? '', ...box(el) })),
    };
  });
}

async function openPreset(page: Page, id: string) {
  await page.getByRole('button', { name: 'Presets', exact: true }).click();
  await page.getByTestId(`preset-${id}`).getByRole('button', { name: /^Open preset/ }).click();
  await expect(page.getByRole('dialog', { name: 'Presets' })).toBeHidden();
}

async function openGraph(page: Page, name: string) {
  await page.getByRole('region', { name: 'Graphs' }).getByRole('button', { name: new RegExp(`^${name}\\b`) }).click();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]')).toHaveText(name);
}

/**
 * The graph on screen reads left to right: blocks drawn apart, each edge label clear of every block, and the fit's
 * zoom no further out than a block's text stays legible at (its 13 px title at 9 px or more).
 */
async function expectReadable(page: Page, first: string) {
  await expect(page.locator(`.react-flow__node[data-id="${first}"]`)).toBeInViewport();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.7);
  const { nodes, labels, pane } = await drawn(page);
  expect(nodes.length).toBeGreaterThan(1);
  for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} on ${b.id}`).toBe(false);
  // Labels between two blocks on screen; a label half out of the pane is cut by the pane, not by a block.
  const inPane = labels.filter((l) => l.x >= pane.x && l.x + l.width <= pane.x + pane.width);
  expect(inPane.length).toBeGreaterThan(0);
  for (const l of inPane) for (const n of nodes) expect(overlap(l, n), `label ${l.id} "${l.text}" on block ${n.id}`).toBe(false);
  // The data flow starts at the left: the first block is the leftmost drawn.
  const start = nodes.find((n) => n.id === first)!;
  expect(Math.min(...nodes.map((n) => n.x))).toBe(start.x);
}

test('the largest presets open left to right and readable: legible zoom, the input first, labels clear of blocks', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();

  // The longest network: StyleGAN-lite's generator, 26 blocks in a chain.
  await openPreset(page, 'stylegan-lite-mnist');
  await openGraph(page, 'G');
  await expectReadable(page, 'in');
  // The most blocks: CycleGAN, 73, its training graph 21 of them.
  await openPreset(page, 'cyclegan-mnist');
  await expect(page.getByLabel('Design name')).toHaveValue(/CycleGAN/);
  await expectReadable(page, 'data');
  await openGraph(page, 'G_AB');
  await expectReadable(page, 'in');
});

test('Auto-layout puts a scrambled graph back left to right, from the sizes the blocks are drawn at', async ({ page }) => {
  await page.goto('/');
  await openGraph(page, 'G');
  // ring8-2d's generator is a chain: in → fc1 → fc2 → point → out.
  const chain = ['in', 'fc1', 'fc2', 'point', 'out'];
  const at = async () => new Map((await drawn(page)).nodes.map((n) => [n.id, n]));
  // Drag fc1 under and to the left of the input: the chain now runs backwards.
  const before = await at();
  const from = before.get('fc1')!;
  const to = before.get('in')!;
  await page.mouse.move(from.x + 20, from.y + 8);
  await page.mouse.down();
  await page.mouse.move(to.x - 60, to.y + to.height + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await at()).get('fc1')!.x < (await at()).get('in')!.x).toBe(true);

  await page.getByRole('button', { name: 'Auto-layout' }).click();
  // Every pair of neighbours that is drawn: the later one starts right of where the earlier one ends.
  await expect
    .poll(async () => {
      const m = await at();
      const shown = chain.filter((id) => m.has(id));
      return shown.length >= 2 && shown.every((id, i) => i === 0 || m.get(id)!.x > m.get(shown[i - 1]!)!.x + m.get(shown[i - 1]!)!.width);
    })
    .toBe(true);
  await expectReadable(page, 'in');
});
