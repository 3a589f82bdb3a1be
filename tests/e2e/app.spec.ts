import { test, expect } from './fixtures';

test('opens the editor offline and reports the training backend', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'GAN Studio' })).toBeVisible();
  await expect(page.getByRole('main', { name: 'Design canvas' })).toBeVisible();

  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready');
  const backend = await badge.getAttribute('data-backend');
  if (testInfo.project.name === 'webgpu') expect(backend).toBe('webgpu');
  else expect(['webgl', 'wasm', 'cpu']).toContain(backend);
});

test('WebGPU adapter availability matches the project', async ({ page }, testInfo) => {
  await page.goto('/');
  const hasAdapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
  expect(hasAdapter).toBe(testInfo.project.name === 'webgpu');
});
