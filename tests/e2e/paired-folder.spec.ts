import { zipSync, zlibSync } from 'fflate';
import { getPreset } from '../../lib/presets';
import { writeChunks } from '../../lib/share/png-chunk';
import { test, expect } from './fixtures';
import { openRun, status, step } from './run-helpers';

/** A 28×28 grey PNG: a bright square at `at` on black, so A and B differ. */
function png(at: number): Buffer {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, 28);
  new DataView(header.buffer).setUint32(4, 28);
  header[8] = 8;
  const raw = new Uint8Array(29 * 28);
  for (let y = at; y < at + 8; y++) for (let x = at; x < at + 8; x++) raw[y * 29 + 1 + x] = 255;
  return Buffer.from(writeChunks([{ type: 'IHDR', data: header }, { type: 'IDAT', data: zlibSync(raw) }, { type: 'IEND', data: new Uint8Array() }]));
}

/** pix2pix-mnist on the user's folder of pairs, with a feature loss (the frozen MNIST classifier) beside its L1. */
function design(): string {
  const d = structuredClone(getPreset('pix2pix-mnist')!.design);
  d.name = 'pix2pix on my pairs';
  const data = d.training.nodes.find((n) => n.id === 'data')!;
  data.type = 'folderPairs';
  data.params = { range: '[-1,1]' };
  d.training.nodes.push({ id: 'feature', type: 'featureLoss', params: { layer: 'conv2', weight: 1 }, position: { x: 600, y: 400 } });
  d.training.edges.push(
    { id: 'data.b->feature.target', source: 'data', sourceHandle: 'b', target: 'feature', targetHandle: 'target' },
    { id: 'G_call.out->feature.output', source: 'G_call', sourceHandle: 'out', target: 'feature', targetHandle: 'output' },
  );
  return JSON.stringify(d);
}

test('a folder of A/ and B/ pairs: unmatched names reported, then one training step with the feature loss', async ({ page }) => {
  test.setTimeout(240_000);
  await openRun(page);
  await page.getByTestId('import-input').setInputFiles({ name: 'pairs.gan.json', mimeType: 'application/json', buffer: Buffer.from(design()) });
  await expect(page.getByLabel('Design name')).toHaveValue('pix2pix on my pairs');
  const zip = zipSync({ 'mine/A/1.png': png(2), 'mine/B/1.png': png(4), 'mine/A/2.png': png(10), 'mine/B/2.png': png(12), 'mine/B/lonely.png': png(6) });
  await page.getByLabel('Paired images: choose a zip with A/ and B/').setInputFiles({ name: 'mine.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByText('2 pairs; 1 file without a partner of the same name: mine/B/lonely.png')).toBeVisible();
  await expect(status(page)).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
  await step(page, 1);
  await expect(page.getByTestId('sample-canvas')).toHaveAttribute('data-step', '1');
  await expect(page.getByText('feature', { exact: true }).first()).toBeVisible();
});
