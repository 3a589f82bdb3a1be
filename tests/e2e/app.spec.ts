import { test, expect } from './fixtures';

test('opens the editor offline and reports the training backend', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'GAN Studio' })).toBeVisible();
  await expect(page.getByRole('main', { name: 'Design canvas' })).toBeVisible();

  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-state', 'ready');
  const backend = await badge.getAttribute('data-backend');
  const why = (await badge.getAttribute('title')) ?? '';
  // With no real GPU, the worker ranks the backends it has by a short measured trial; under the WebGPU project the
  // (SwiftShader) adapter is one of them and the reason names it.
  expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(backend);
  if (testInfo.project.name === 'webgpu') {
    expect(why).toMatch(/WebGPU adapter/);
    expect(why).toMatch(/^webgpu: [\d.]+ ms in the trial$/m);
  } else {
    expect(backend).not.toBe('webgpu');
    expect(why).toMatch(/no GPU adapter|webgpu: no WebGPU adapter on this device/);
  }
});

test('WebGPU adapter availability matches the project', async ({ page }, testInfo) => {
  await page.goto('/');
  const hasAdapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
  expect(hasAdapter).toBe(testInfo.project.name === 'webgpu');
});
