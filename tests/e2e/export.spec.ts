import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

// The files every exported project has (lib/codegen/generate.ts PROJECT_FILES).
const PROJECT_FILES = ['package.json', 'tsconfig.json', 'README.md', 'design.gan.json', 'src/models.ts', 'src/graph.ts', 'src/train.ts', 'src/data.ts', 'src/sample.ts', 'src/eval.ts'];
// The PyTorch project's (lib/codegen/python/generate.ts TORCH_PROJECT_FILES).
const TORCH_FILES = ['README.md', 'requirements.txt', 'design.gan.json', 'models.py', 'losses.py', 'data.py', 'graph.py', 'train.py', 'sample.py', 'images.py'];

/**
 * `word` coloured as a keyword: Monaco draws each token as a span with an `mtkN` class, and plain text as one `mtk1`
 * span per line, so a span holding just the keyword, with another class, means the language's tokenizer ran.
 */
const keyword = (lines: Locator, word: string) => lines.locator('span[class*="mtk"]').filter({ hasText: new RegExp(`^${word}$`) }).first();
const KEYWORD_CLASS = /\bmtk(?!1\b)\d+\b/;

/** A row of the dialog's file tree, by the file's or folder's path in the project (its name shows the last part). */
const row = (tree: Locator, path: string) => tree.getByRole('treeitem').and(tree.locator(`[data-path="${path}"]`));

async function openExport(page: Page): Promise<{ dialog: Locator; tree: Locator }> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Export project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export project' });
  const tree = dialog.getByRole('tree', { name: 'Project files' });
  await expect(row(tree, 'src/models.ts')).toHaveAttribute('aria-selected', 'true');
  return { dialog, tree };
}

test('exports the open design: every file in Monaco, then the same project as a zip', async ({ page }) => {
  await page.goto('/');
  // The Studio header's button (components/export/ExportButton.tsx); its accessible name is the contract.
  await page.getByRole('button', { name: 'Export project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export project' });
  await expect(dialog).toBeVisible();

  const tree = dialog.getByRole('tree', { name: 'Project files' });
  for (const f of PROJECT_FILES) await expect(row(tree, f)).toBeVisible();

  // Monaco, self-hosted, shows the selected file.
  const code = dialog.getByTestId('export-code');
  await expect(row(tree, 'src/models.ts')).toHaveAttribute('aria-selected', 'true');
  await expect(code).toHaveAttribute('data-state', 'ready');
  const lines = code.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText("import * as tf from '@tensorflow/tfjs'");
  await expect(keyword(lines, 'import')).toHaveAttribute('class', KEYWORD_CLASS);
  await row(tree, 'README.md').click();
  await expect(code).toHaveAttribute('data-path', 'README.md');
  await expect(lines).toContainText('This project was exported from');

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download zip' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^[a-z0-9-]+\.zip$/);
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const slug = download.suggestedFilename().replace(/\.zip$/, '');
  for (const f of PROJECT_FILES) expect(Object.keys(entries), f).toContain(`${slug}/${f}`);
  expect(strFromU8(entries[`${slug}/src/models.ts`]!)).toContain('export function buildNetworks()');
});

test('exports the PyTorch project: a keyboard-chosen target, models.py coloured as Python, a -pytorch zip', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Export project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export project' });
  const typescript = dialog.getByRole('radio', { name: 'TypeScript (Node, tfjs)' });
  const pytorch = dialog.getByRole('radio', { name: 'PyTorch (torchrun, DDP)' });
  await expect(typescript).toBeChecked();
  const tree = dialog.getByRole('tree', { name: 'Project files' });
  await expect(row(tree, 'src/models.ts')).toHaveAttribute('aria-selected', 'true');

  // The radio group answers the arrow keys, and the preview follows the choice.
  await typescript.focus();
  await page.keyboard.press('ArrowRight');
  await expect(pytorch).toBeChecked();
  await expect(dialog.getByText('pip install -r requirements.txt')).toBeVisible();
  for (const f of TORCH_FILES) await expect(row(tree, f)).toBeVisible();
  await expect(row(tree, 'src/models.ts')).toHaveCount(0);
  await expect(row(tree, 'models.py')).toHaveAttribute('aria-selected', 'true');

  const code = dialog.getByTestId('export-code');
  await expect(code).toHaveAttribute('data-path', 'models.py');
  await expect(code).toHaveAttribute('data-state', 'ready');
  const lines = code.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText('from torch import nn');
  await expect(keyword(lines, 'import')).toHaveAttribute('class', KEYWORD_CLASS);
  await expect(dialog.getByRole('status').filter({ hasText: /-pytorch\.zip$/ })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download zip' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^[a-z0-9-]+-pytorch\.zip$/);
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const slug = download.suggestedFilename().replace(/\.zip$/, '');
  for (const f of TORCH_FILES) expect(Object.keys(entries), f).toContain(`${slug}/${f}`);

  // Back to TypeScript: its preview, on the file it had open.
  await typescript.check();
  await expect(row(tree, 'src/models.ts')).toHaveAttribute('aria-selected', 'true');
  await expect(row(tree, 'models.py')).toHaveCount(0);
});

test('the file list is a tree: folders open and close by mouse and keyboard, and every row is readable', async ({ page }) => {
  const { dialog, tree } = await openExport(page);
  const src = row(tree, 'src');
  const lib = row(tree, 'src/lib');
  // It opens on src/models.ts: src is open, the runtime under src/lib is closed.
  await expect(src).toHaveAttribute('aria-expanded', 'true');
  await expect(lib).toHaveAttribute('aria-expanded', 'false');
  await expect(row(tree, 'src/lib/rng.ts')).toHaveCount(0);
  await expect(dialog.getByRole('status').filter({ hasText: / files · / })).toBeVisible();

  // Rows are tall enough to read and to hit (WCAG 2.2's 24 px target), however many files there are.
  for (const r of await tree.getByRole('treeitem').all()) {
    const box = (await r.boundingBox())!;
    expect(box.height, (await r.getAttribute('data-path')) ?? '').toBeGreaterThanOrEqual(24);
  }

  // The mouse: a folder opens and closes; a file in it opens in the editor.
  await lib.click();
  await expect(lib).toHaveAttribute('aria-expanded', 'true');
  await row(tree, 'src/lib/rng.ts').click();
  await expect(row(tree, 'src/lib/rng.ts')).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByTestId('export-code')).toHaveAttribute('data-path', 'src/lib/rng.ts');
  await lib.click();
  await expect(row(tree, 'src/lib/rng.ts')).toHaveCount(0);

  // The keyboard: one tab stop; arrows move, Right opens, Left closes then goes to the parent, Enter opens a file.
  await src.focus();
  await page.keyboard.press('ArrowDown');
  await expect(lib).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(lib).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  const first = tree.getByRole('treeitem').and(tree.locator('[aria-level="3"]')).first();
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(lib).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(lib).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowLeft');
  await expect(src).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(src).toHaveAttribute('aria-expanded', 'false');
  await expect(row(tree, 'src/models.ts')).toHaveCount(0);
  await page.keyboard.press('End');
  const last = tree.getByRole('treeitem').last();
  await expect(last).toBeFocused();
  const lastPath = (await last.getAttribute('data-path'))!;
  await page.keyboard.press('Enter');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByTestId('export-code')).toHaveAttribute('data-path', lastPath);
  await expect(tree.locator('[tabindex="0"]')).toHaveCount(1);
});

test('Escape closes the export dialog, also after a download', async ({ page }) => {
  const { dialog } = await openExport(page);
  const zip = dialog.getByRole('button', { name: 'Download zip' });
  const [download] = await Promise.all([page.waitForEvent('download'), zip.click()]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  await expect(zip).toHaveText('Download zip');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Again with the focus nowhere (on the page's body): Escape still closes it.
  await page.getByRole('button', { name: 'Export project' }).click();
  await expect(dialog).toBeVisible();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
