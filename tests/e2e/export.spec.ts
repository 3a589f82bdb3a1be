import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';

// The files every exported project has (lib/codegen/generate.ts PROJECT_FILES).
const PROJECT_FILES = ['package.json', 'tsconfig.json', 'README.md', 'design.gan.json', 'src/models.ts', 'src/graph.ts', 'src/train.ts', 'src/data.ts', 'src/sample.ts', 'src/eval.ts'];

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
