import type { Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { blocks } from '../../lib/blocks';
import { encodeFloats, type WeightsPayload } from '../../lib/codegen/initial-checkpoint';
import { buildNetwork } from '../../lib/compile/build-network';
import { getPreset } from '../../lib/presets';
import { Trainer } from '../../lib/train/trainer';
import { validateDesign } from '../../lib/validate';
import { test, expect } from './fixtures';

const stepOf = async (page: Page) => Number(await page.getByTestId('training-step').getAttribute('data-step'));

/** gan-studio-weights.json as export_weights.py writes it, from a real run of the default design (ring8-2d) in Node. */
async function weightsOfRing8(step: number): Promise<WeightsPayload> {
  await tf.setBackend('cpu');
  const design = structuredClone(getPreset('ring8-2d')!.design);
  const t = Trainer.create(tf, design, validateDesign(design), { images: {}, seed: 5, batchSize: 16, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
  await t.trainStep();
  const snap = await t.snapshot();
  t.dispose();
  const encode = (id: string) => snap.weights[id]!.map((w, i) => ({ shape: snap.shapes[id]![i]!, data: encodeFloats(w) }));
  return { step, networks: Object.fromEntries(Object.keys(snap.weights).map((id) => [id, encode(id)])), ema: { G: encode('G') } };
}

const asFile = (name: string, payload: WeightsPayload) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(payload)) });

test('imports PyTorch-trained weights into ring8-2d: refuses a mismatch, asks before replacing the run, then shows and scores them', async ({ page }) => {
  test.setTimeout(240_000);
  const good = await weightsOfRing8(7);
  const bad = structuredClone(good);
  bad.networks['D']![0]!.shape = [...bad.networks['D']![0]!.shape].reverse();

  await page.goto('/');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const status = page.getByTestId('training-step');
  await expect(status).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  const input = page.getByTestId('weights-input');
  await expect(input).toBeEnabled();

  // A file that does not fit the design: refused, naming the network, the tensor and both shapes; nothing is stored.
  await input.setInputFiles(asFile('other.json', bad));
  await expect(page.getByTestId('weights-error')).toHaveText(/^other\.json: network "D": tensor 0 is \[\d+, 2\]; the design's is \[2, \d+\]$/);
  await expect(status).toHaveAttribute('data-step', '0');

  // A run with a checkpoint: not while it trains; afterwards, replacing it asks first, and Cancel keeps it.
  await page.getByRole('toolbar', { name: 'Training controls' }).getByRole('button', { name: 'Train' }).click();
  await expect(status).toHaveAttribute('data-phase', 'running');
  await expect(input).toBeDisabled();
  await expect(page.getByText('Pause training to import weights')).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-phase', 'paused');
  const trained = await stepOf(page);
  await expect(status).toContainText(`saved at ${trained}`);
  await expect(input).toBeEnabled();

  await input.setInputFiles(asFile('gan-studio-weights.json', good));
  const dialog = page.getByRole('dialog', { name: 'Replace the checkpoint?' });
  await expect(dialog.getByTestId('weights-confirm')).toContainText(`replace the current checkpoint at step ${trained}`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveAttribute('data-step', String(trained));

  await input.setInputFiles(asFile('gan-studio-weights.json', good));
  await dialog.getByRole('button', { name: 'Replace checkpoint' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported weights at step 7 from gan-studio-weights.json' })).toBeVisible();
  await expect(status).toHaveAttribute('data-step', '7');
  await expect(status).toHaveAttribute('data-phase', 'paused');
  await expect(status).toContainText('saved at 7');
  const canvas = page.getByTestId('sample-canvas');
  await expect(canvas).toHaveAttribute('data-kind', 'points');
  await expect(canvas).toHaveAttribute('data-step', '7');

  // The evaluation panel scores the imported model.
  const panel = page.getByRole('group', { name: 'Evaluation' });
  await expect(panel.getByTestId('eval-status')).toHaveText('not evaluated yet');
  await panel.getByRole('button', { name: 'Evaluate now' }).click();
  const table = panel.getByTestId('eval-table');
  await expect(table).toHaveAttribute('data-step', '7', { timeout: 60_000 });
  await expect(table.locator('[data-metric="modes"] td').first()).toHaveText(/^\d \/ 8$/);

  // The imported weights are the design's checkpoint: a reload resumes from them.
  await page.reload();
  await expect(status).toHaveAttribute('data-phase', 'paused', { timeout: 90_000 });
  await expect(status).toHaveAttribute('data-step', '7');
});
