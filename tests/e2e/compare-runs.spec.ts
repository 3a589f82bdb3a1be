import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openRun, status, step } from './run-helpers';

/**
 * Runs are kept and compared (components/training/RunsPanel.tsx, lib/train/run-archive-store.ts): on ring8-2d (the
 * first visit's design) a run trains a few steps, is forked at a saved step with another learning rate, the fork
 * trains, both are compared (one curve per run, the learning rate in the diff), and a reload lists both still.
 */
const runs = (page: Page) => page.getByRole('region', { name: 'Runs' });
const row = (page: Page, name: string | RegExp) => runs(page).getByTestId('run-row').filter({ has: page.getByRole('rowheader', { name }) });

test('a run forked at a saved step with another learning rate trains, compares with its parent, and both survive a reload', async ({ page }) => {
  test.setTimeout(240_000);
  // wasm trains these small MLPs quickly in both projects.
  await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
  await openRun(page);
  await step(page, 3);
  await expect(row(page, /^Run 1/)).toHaveAttribute('data-current', 'true');
  await expect(row(page, /^Run 1/).getByRole('cell').nth(1)).toHaveText('3');

  // Fork Run 1 at step 2 with G's learning rate at 0.01.
  await row(page, /^Run 1/).getByRole('button', { name: 'fork Run 1' }).click();
  const form = runs(page).getByRole('form', { name: 'Fork Run 1' });
  await form.getByLabel('from step').selectOption('2');
  const lr = form.getByLabel('setting to change').locator('option', { hasText: 'Learning rate' }).first();
  const lrLabel = (await lr.textContent())!;
  await form.getByLabel('setting to change').selectOption({ label: lrLabel });
  await form.getByLabel('new value').fill('0.01');
  await form.getByRole('button', { name: 'Fork and open' }).click();

  const fork = 'Run 2 ↳ fork of Run 1 at step 2';
  await expect(row(page, fork)).toHaveAttribute('data-current', 'true', { timeout: 90_000 });
  await expect(row(page, /^Run 1/)).toHaveAttribute('data-current', 'false');
  await expect(status(page)).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('run-notice')).toContainText(`Forked ${fork}.`);
  // The editor took the fork's design: no "design changed" banner.
  await expect(page.getByTestId('design-changed')).toHaveCount(0);
  await step(page, 2);
  await expect(row(page, fork).getByRole('cell').nth(1)).toHaveText('4');

  await runs(page).getByRole('checkbox', { name: 'compare Run 1' }).check();
  await runs(page).getByRole('checkbox', { name: `compare ${fork}` }).check();
  const compare = runs(page).getByTestId('runs-compare');
  const charts = compare.locator('figure');
  expect(await charts.count()).toBeGreaterThanOrEqual(3);
  for (const chart of await charts.all()) {
    await expect(chart.locator('polyline')).toHaveCount(2);
    await expect(chart.locator('.chart-legend li')).toHaveText([/^Run 1 /, new RegExp(`^${fork} `)]);
  }
  // Each run's own curve: Run 1 has 3 steps of losses, the fork 4 (2 from Run 1, 2 its own).
  const points = async (i: number) => ((await compare.getByTestId(/^compare-loss-/).first().locator('polyline').nth(i).getAttribute('points')) ?? '').trim().split(/\s+/).length;
  expect(await points(0)).toBe(3);
  expect(await points(1)).toBe(4);
  const diff = runs(page).getByTestId('runs-diff');
  const changed = diff.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /learningRate$/ }) });
  await expect(changed).toHaveCount(1);
  await expect(changed.getByRole('cell')).toHaveText(['0.001', '0.01']);
  // The panel compared, and its fork form open, pass axe as the rest of the dashboard does.
  await row(page, /^Run 1/).getByRole('button', { name: 'fork Run 1' }).click();
  await expect(runs(page).getByRole('form', { name: 'Fork Run 1' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).include('[data-testid="runs"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);

  await page.reload();
  await expect(status(page)).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-step', '4');
  await expect(runs(page).getByTestId('run-row')).toHaveCount(2);
  await expect(row(page, fork)).toHaveAttribute('data-current', 'true');
  await expect(row(page, /^Run 1/).getByRole('cell').nth(1)).toHaveText('3');

  // Open Run 1 again: it continues from its own step 3; then the fork, no longer trained, is deleted once confirmed.
  await row(page, /^Run 1/).getByRole('button', { name: 'open Run 1' }).click();
  await expect(row(page, /^Run 1/)).toHaveAttribute('data-current', 'true', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-step', '3');
  await expect(page.getByTestId('design-changed')).toHaveCount(0);
  page.once('dialog', (d) => void d.dismiss());
  await row(page, fork).getByRole('button', { name: `delete ${fork}` }).click();
  await expect(runs(page).getByTestId('run-row')).toHaveCount(2);
  page.once('dialog', (d) => void d.accept());
  await row(page, fork).getByRole('button', { name: `delete ${fork}` }).click();
  await expect(runs(page).getByTestId('run-row')).toHaveCount(1);
  await expect(row(page, /^Run 1/).getByRole('button', { name: 'delete Run 1' })).toBeDisabled();
});

test('a checkpoint saved before runs were kept comes back as the design’s first run, curves and all', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'wasm'));
  await openRun(page);
  await step(page, 3);
  // Rewrite what was saved as the app before the run archive kept it: one record per design in gan-studio-checkpoints.
  const key = await page.evaluate(async () => {
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const openDb = (name: string, upgrade?: (db: IDBDatabase) => void) => {
      const r = indexedDB.open(name, 1);
      if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
      return req(r);
    };
    const runs = await openDb('gan-studio-runs');
    const tx = runs.transaction(['designs', 'runs', 'snapshots']);
    const [design] = (await req(tx.objectStore('designs').getAll())) as { key: string; active: string }[];
    const meta = (await req(tx.objectStore('runs').get(design!.active))) as { step: number; history: unknown[]; evaluations: unknown[]; design: unknown };
    const snap = (await req(tx.objectStore('snapshots').get(`${design!.active}@${meta.step}`))) as { snapshot: object };
    runs.close();
    const old = await openDb('gan-studio-checkpoints', (db) => db.createObjectStore('checkpoints', { keyPath: 'key' }));
    await req(old.transaction('checkpoints', 'readwrite').objectStore('checkpoints').put({ ...snap.snapshot, key: design!.key, savedAt: 1, evaluations: meta.evaluations, history: meta.history, design: meta.design }));
    old.close();
    await req(indexedDB.deleteDatabase('gan-studio-runs'));
    return design!.key;
  });
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-step', '3');
  await expect(runs(page).getByTestId('run-row')).toHaveCount(1);
  await expect(row(page, /^Run 1/)).toHaveAttribute('data-current', 'true');
  await expect(row(page, /^Run 1/).getByRole('cell').nth(1)).toHaveText('3');
  await expect.poll(async () => ((await page.getByTestId('chart-losses').locator('polyline').first().getAttribute('points')) ?? '').trim().split(/\s+/).length).toBe(3);
  // Moved, not copied: the old store no longer holds it.
  const left = await page.evaluate(
    (k) =>
      new Promise<number>((resolve, reject) => {
        const r = indexedDB.open('gan-studio-checkpoints', 1);
        r.onsuccess = () => {
          const g = r.result.transaction('checkpoints').objectStore('checkpoints').count(k);
          g.onsuccess = () => (r.result.close(), resolve(g.result));
        };
        r.onerror = () => reject(r.error);
      }),
    key,
  );
  expect(left).toBe(0);
});
