import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, isLocal } from './fixtures';

// Issue #15: a kill -9 during the app's checkpoint write leaves the previous checkpoint readable. The worker writes
// each checkpoint as one IndexedDB put in one transaction, which the browser commits whole or not at all. This test
// runs the studio in a browser with a profile on disk, kills the whole browser with SIGKILL while a run saves every
// few seconds, starts it again on the same profile, and checks what the reload finds.

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));
const savedAt = async (page: Page) => {
  const m = /saved at (\d+)/.exec((await page.getByTestId('training-step').textContent()) ?? '');
  return m ? Number(m[1]) : null;
};

async function launch(profile: string, args: string[], baseURL: string, outside: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, baseURL });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

test('a browser killed with SIGKILL while a run saves reopens on a whole checkpoint', async ({ browserName, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  expect(browserName).toBe('chromium');
  const profile = mkdtempSync(join(tmpdir(), 'gan-crash-profile-'));
  const args = (testInfo.project.use.launchOptions?.args as string[] | undefined) ?? [];
  const outside: string[] = [];

  const first = await launch(profile, args, baseURL!, outside);
  const page = first.page;
  if (testInfo.project.name === 'webgpu') await page.addInitScript(() => window.localStorage.setItem('gan-studio:backend', 'webgpu'));
  await page.goto('/');
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: /Train|Resume/ }).click();
  await expect(status).toHaveAttribute('data-phase', 'running');
  // Two saves seen while running: the run saves periodically, and the next save may be in flight at any moment.
  await expect.poll(() => savedAt(page), { timeout: 120_000 }).not.toBeNull();
  const firstSave = (await savedAt(page))!;
  await expect.poll(async () => ((await savedAt(page)) ?? 0) > firstSave, { timeout: 120_000 }).toBe(true);
  const saved = (await savedAt(page))!;

  // kill -9 of every process of that browser (its profile folder is on their command lines): no unload, no shutdown.
  execFileSync('pkill', ['-9', '-f', profile]);
  await first.context.close().catch(() => undefined);

  const second = await launch(profile, args, baseURL!, outside);
  try {
    const again = second.page;
    await again.goto('/');
    const reopened = again.getByTestId('training-step');
    await expect(reopened).toHaveAttribute('data-phase', /paused|ready/, { timeout: 90_000 });
    // The checkpoint read back is whole: the last save seen, or one the kill let finish after it.
    await expect.poll(() => stepOf(again), { timeout: 30_000 }).toBeGreaterThanOrEqual(saved);
    await expect(reopened).toContainText(`saved at ${await stepOf(again)}`);
  } finally {
    await second.context.close();
  }
  expect(outside, 'requests outside localhost').toEqual([]);
});
