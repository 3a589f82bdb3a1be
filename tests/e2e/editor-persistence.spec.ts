import { test, expect } from './fixtures';
import { dragBlock, dropFile, exportJson, exportPng, newBlankDesign, node, openGraph, openStudio, waitSaved } from './editor-helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('undo and redo, copy and paste, and a reload restores the design and the open network', async ({ page }) => {
  await openStudio(page);
  const nodes = page.locator('.react-flow__node');
  const before = await nodes.count();
  await dragBlock(page, 'noise', 'noise', { x: 520, y: 36 }); // above the fitted graph: a free spot
  await expect(nodes).toHaveCount(before + 1);

  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(before);
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'noise')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(nodes).toHaveCount(before);
  await page.keyboard.press('Control+y');
  await expect(node(page, 'noise')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(nodes).toHaveCount(before);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(node(page, 'noise')).toBeVisible();

  // A node drag is one undo step.
  const box = (await node(page, 'noise').boundingBox())!;
  const where = () => node(page, 'noise').evaluate((el) => (el as HTMLElement).style.transform);
  const placed = await where();
  await page.mouse.move(box.x + 60, box.y + 14);
  await page.mouse.down();
  await page.mouse.move(box.x + 160, box.y + 64, { steps: 6 });
  await page.mouse.move(box.x + 260, box.y + 114, { steps: 6 });
  await page.mouse.up();
  await expect.poll(where).not.toBe(placed);
  await page.keyboard.press('Control+z');
  await expect.poll(where).toBe(placed);
  await page.keyboard.press('Control+y');
  await expect.poll(where).not.toBe(placed);

  // Copy and paste make a new id; Delete removes the selection.
  await node(page, 'noise').locator('.block-node-title').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'noise_2')).toBeVisible();
  await expect(node(page, 'noise_2')).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(node(page, 'noise_2')).toHaveCount(0);

  // Each graph comes back where it was last looked at: zoom G in, go up to Training and back.
  const view = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  await openGraph(page, 'G');
  const fitted = await view();
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(view).not.toBe(fitted);
  const zoomed = await view();
  await openGraph(page, 'Training');
  await openGraph(page, 'G');
  await expect.poll(view).toBe(zoomed);

  // Saved within a moment; a reload reopens this design in the network that was open.
  await waitSaved(page);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).locator('[aria-current="page"]')).toHaveText('G');
  await openGraph(page, 'Training');
  await expect(node(page, 'noise')).toBeVisible();
  await expect(nodes).toHaveCount(before + 1);

  // Saved designs: duplicate, rename, open, delete.
  const name = await page.getByLabel('Design name').inputValue();
  await page.getByRole('button', { name: 'My designs' }).click();
  const saved = page.getByRole('dialog', { name: 'Saved designs' });
  await saved.getByRole('button', { name: `Duplicate ${name}`, exact: true }).click();
  await saved.getByRole('button', { name: `Rename ${name} (copy)`, exact: true }).click();
  await saved.getByLabel(`New name for ${name} (copy)`).fill('My copy');
  await saved.getByRole('button', { name: 'Save', exact: true }).click();
  await saved.getByRole('button', { name: 'Open My copy', exact: true }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('My copy');
  await expect(node(page, 'noise')).toBeVisible();
  await page.getByRole('button', { name: 'My designs' }).click();
  page.once('dialog', (d) => void d.accept());
  await saved.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
  await expect(saved.getByRole('button', { name: `Open ${name}`, exact: true })).toHaveCount(0);
  await expect(saved.getByRole('button', { name: 'Open My copy', exact: true })).toBeDisabled();
});

test('export then import is identical but for a numbered name; bad files change nothing; share links and PNGs reopen the design', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'Open preset Vanilla GAN (MLP) on MNIST' }).click();
  await expect(page.getByLabel('Design name')).toHaveValue('Vanilla GAN (MLP) on MNIST');
  const original = await exportJson(page);
  expect(JSON.parse(original)).toMatchObject({ version: 1, name: 'Vanilla GAN (MLP) on MNIST' });

  // Import (file picker) opens it as a new design. The original is still among the saved designs, so the copy is
  // numbered; exporting it gives the same document under that name.
  await newBlankDesign(page);
  await page.getByTestId('import-input').setInputFiles({ name: 'vanilla.gan.json', mimeType: 'application/json', buffer: Buffer.from(original) });
  const second = 'Vanilla GAN (MLP) on MNIST (2)';
  await expect(page.getByLabel('Design name')).toHaveValue(second);
  const imported = await exportJson(page);
  expect(JSON.parse(imported)).toEqual({ ...JSON.parse(original), name: second });

  // Bad files: a clear message, and the open design is untouched.
  const alerts = page.locator('.toasts [role="alert"]');
  for (const [name, text, message] of [
    ['notes.gan.json', '{ not json', /not valid JSON/],
    ['future.gan.json', JSON.stringify({ ...JSON.parse(original), version: 9 }), /newer GAN Studio/],
    ['broken.gan.json', JSON.stringify({ ...JSON.parse(original), networks: 'none' }), /not a valid design/],
  ] as const) {
    await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(alerts.filter({ hasText: name })).toContainText(message);
  }
  await page.getByTestId('import-input').setInputFiles({ name: 'huge.gan.json', mimeType: 'application/json', buffer: Buffer.alloc(6 * 1024 * 1024, 32) });
  await expect(alerts.filter({ hasText: 'huge.gan.json' })).toContainText('at most 5 MB');
  expect(await exportJson(page)).toBe(imported);

  // The share link carries the whole design; opening it loads it.
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#design=[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Close' }).click();
  await newBlankDesign(page);
  await page.goto(link);
  await expect(page.getByLabel('Design name')).toHaveValue(second);
  await expect(page).toHaveURL(/\/$/);
  expect(await exportJson(page)).toBe(imported);

  // A corrupt link says so and opens the last design instead.
  await page.goto(`${link.slice(0, link.indexOf('#'))}#design=AAAA-not-a-design`);
  await expect(alerts.filter({ hasText: 'The shared link is damaged' })).toBeVisible();
  await expect(page.getByLabel('Design name')).toHaveValue(second);

  // Export PNG, then drop it on a blank design: its design opens.
  const png = await exportPng(page);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  await newBlankDesign(page);
  // Imported again: the next free number, not "(2) (2)".
  await dropFile(page, 'vanilla.gan.png', png, 'image/png');
  const third = 'Vanilla GAN (MLP) on MNIST (3)';
  await expect(page.getByLabel('Design name')).toHaveValue(third);
  expect(JSON.parse(await exportJson(page))).toEqual({ ...JSON.parse(original), name: third });
});
