import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator } from '@playwright/test';
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

test('exports the open design: every file in Monaco, then the same project as a zip', async ({ page }) => {
  await page.goto('/');
  // The Studio header's button (components/export/ExportButton.tsx); its accessible name is the contract.
  await page.getByRole('button', { name: 'Export project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export project' });
  await expect(dialog).toBeVisible();

  const tabs = dialog.getByRole('tablist', { name: 'Project files' });
  for (const f of PROJECT_FILES) await expect(tabs.getByRole('tab', { name: f, exact: true })).toBeVisible();

  // Monaco, self-hosted, shows the selected file.
  const code = dialog.getByTestId('export-code');
  await expect(tabs.getByRole('tab', { name: 'src/models.ts', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(code).toHaveAttribute('data-state', 'ready');
  const lines = code.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText("import * as tf from '@tensorflow/tfjs'");
  await expect(keyword(lines, 'import')).toHaveAttribute('class', KEYWORD_CLASS);
  await tabs.getByRole('tab', { name: 'README.md', exact: true }).click();
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
  const tabs = dialog.getByRole('tablist', { name: 'Project files' });
  await expect(tabs.getByRole('tab', { name: 'src/models.ts', exact: true })).toHaveAttribute('aria-selected', 'true');

  // The radio group answers the arrow keys, and the preview follows the choice.
  await typescript.focus();
  await page.keyboard.press('ArrowRight');
  await expect(pytorch).toBeChecked();
  await expect(dialog.getByText('pip install -r requirements.txt')).toBeVisible();
  for (const f of TORCH_FILES) await expect(tabs.getByRole('tab', { name: f, exact: true })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: 'src/models.ts', exact: true })).toHaveCount(0);
  await expect(tabs.getByRole('tab', { name: 'models.py', exact: true })).toHaveAttribute('aria-selected', 'true');

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
  await expect(tabs.getByRole('tab', { name: 'src/models.ts', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.getByRole('tab', { name: 'models.py', exact: true })).toHaveCount(0);
});
