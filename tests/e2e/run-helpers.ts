import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The dashboard's step line, which carries the run's step and phase as data attributes. */
export const status = (page: Page) => page.getByTestId('training-step');
export const stepOf = async (page: Page) => Number(await status(page).getAttribute('data-step'));
export const controls = (page: Page) => page.getByRole('toolbar', { name: 'Training controls' });

/** Opens the studio and waits for a backend and a loaded run (SwiftShader takes its time). */
export async function openRun(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
}

/** Presses Step `n` times, each time waiting for the step it makes to be saved. */
export async function step(page: Page, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const next = (await stepOf(page)) + 1;
    await controls(page).getByRole('button', { name: 'Step' }).click();
    await expect(status(page)).toHaveAttribute('data-step', String(next), { timeout: 90_000 });
    await expect(status(page)).toContainText(`saved at ${next}`);
  }
}
