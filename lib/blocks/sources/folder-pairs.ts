import type * as tfType from '@tensorflow/tfjs';
import { z } from 'zod';
import { gather, MissingDataError, need, pick, type DataSource, type ImageSets } from '../../data/source';
import type { ImageSet } from '../../data/image-set';
import { defineBlock } from '../types';
import { IMAGE_METRICS } from './datasets';
import { zRange } from './dataset';

const size = (what: string) => z.number().int().min(4).max(1024).default(28).describe(what);
const channels = (what: string) => z.union([z.literal(1), z.literal(3)]).default(1).describe(what);

const zParams = z.object({
  aHeight: size('Height of the inputs (A/) after resizing'),
  aWidth: size('Width of the inputs (A/) after resizing'),
  aChannels: channels('1 for grey, 3 for colour: the inputs (A/)'),
  bHeight: size('Height of the targets (B/) after resizing'),
  bWidth: size('Width of the targets (B/) after resizing'),
  bChannels: channels('1 for grey, 3 for colour: the targets (B/)'),
  range: zRange.describe('Pixel scaling of both A and B; [-1, 1] pairs with a tanh output'),
});
export type FolderPairsParams = z.infer<typeof zParams>;

/** The loaded sets must be what the design was built for: the app and the CLI resize to it, so a mismatch is a stale set. */
type Size = { height: number; width: number; channels: 1 | 3 };
const sizeOf = (p: FolderPairsParams, side: 'a' | 'b'): Size =>
  side === 'a' ? { height: p.aHeight, width: p.aWidth, channels: p.aChannels } : { height: p.bHeight, width: p.bWidth, channels: p.bChannels };

function checked(set: ImageSet, want: Size, what: string): ImageSet {
  if (set.height !== want.height || set.width !== want.width || set.channels !== want.channels) {
    throw new MissingDataError(`the ${what} images are ${set.width}×${set.height}×${set.channels}; the design expects ${want.width}×${want.height}×${want.channels}. Load the folder again.`);
  }
  return set;
}

/**
 * Paired examples (A, B) from the user's folder of pairs (A/ and B/ with matching file names, lib/data/folder-pairs.ts),
 * loaded as two aligned sets: one index per example draws both halves of a pair.
 */
export function folderPairsSource(tf: typeof tfType, p: FolderPairsParams, images: ImageSets): DataSource {
  const [sa, sb] = [sizeOf(p, 'a'), sizeOf(p, 'b')];
  const a = checked(need(images, 'pairsA', 'the paired folder'), sa, 'A/ (input)');
  const b = checked(need(images, 'pairsB', 'the paired folder'), sb, 'B/ (target)');
  if (a.count !== b.count) throw new MissingDataError(`the paired folder's A/ has ${a.count} images and B/ ${b.count}; they must pair one to one. Load the folder again.`);
  return {
    sample: (n, rng) => {
      const idx = pick(n, a.count, rng);
      return { a: tf.tensor(gather(a, idx, p.range), [n, sa.height, sa.width, sa.channels]), b: tf.tensor(gather(b, idx, p.range), [n, sb.height, sb.width, sb.channels]) };
    },
  };
}

/** folderPairsSource in PyTorch, for an exported project's data.py; images.py loads the two halves from --pairs DIR. */
const TORCH = {
  name: 'folder_pairs_source',
  source: `def folder_pairs_source(p, images, g):
    """Your pairs (A/ -> B/, matched by file name, images.py load_pair_half), channels-first: one index per example
    draws both halves of a pair, dealt in epochs (images.py EpochSampler)."""
    a, b = images['pairsA'][0], images['pairsB'][0]
    if a.shape[0] != b.shape[0]:
        raise SystemExit(f"the folder of pairs has {a.shape[0]} inputs in A/ and {b.shape[0]} targets in B/; they must pair one to one")
    order = EpochSampler(a.shape[0])

    def scale(x):
        x = x.float()
        x = x / 127.5 - 1 if p['range'] == '[-1,1]' else x / 255
        return x.permute(0, 3, 1, 2)

    def draw(n):
        idx = order.take(n)
        return {'a': scale(a[idx]), 'b': scale(b[idx])}
    return draw
`,
};

export const folderPairsBlock = defineBlock({
  type: 'folderPairs',
  label: 'Paired folder',
  category: 'source',
  level: 'training',
  description:
    'Your own aligned pairs for image-to-image GANs (pix2pix, Isola 2017): a folder with A/ (inputs) and B/ (targets) whose files have matching names, A/x.png → B/x.png. Files without a partner are listed, not dropped silently.',
  params: zParams,
  inputs: () => [],
  outputs: () => [
    { id: 'a', label: 'A (input)' },
    { id: 'b', label: 'B (target)' },
  ],
  inferShape: (_i, p) => ({ ok: true, outputs: { a: [null, p.aHeight, p.aWidth, p.aChannels], b: [null, p.bHeight, p.bWidth, p.bChannels] } }),
  source: {
    open: folderPairsSource,
    pixelRange: (p) => p.range,
    imageSets: (p) => [
      { name: 'pairsA', ...sizeOf(p, 'a') },
      { name: 'pairsB', ...sizeOf(p, 'b') },
    ],
    reference: () => ({
      kind: 'none',
      reason: `your own pairs have no feature network offline, so ${IMAGE_METRICS} do not apply; compare G(A) with B by eye in the samples.`,
    }),
    code: { module: 'blocks/sources/folder-pairs', name: 'folderPairsSource' },
    torch: TORCH,
  },
});
