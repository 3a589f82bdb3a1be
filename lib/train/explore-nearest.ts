import type * as tfType from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set';
import type { ImageSets } from '../data/source';
import { NEAREST_K, NEAREST_POOL, nearestRows, typicalNearestDistance, type Rows } from '../explore/nearest';
import { classifyImages, FEATURE_DIM, gatherPixelsToInput, generatedToInput, NUM_CLASSES, realSubset, type MnistClassifier } from '../metrics/classifier';
import { checkRequest, nearestTarget, NO_LATENT, type ExploreRequest } from './explore';
import type { NearestResult } from './protocol';
import type { Trainer } from './trainer';

type Tf = typeof tfType;

/**
 * The latent explorer's memorisation check: the training images nearest to one generated sample in the MNIST
 * classifier's penultimate features (the features FD and precision/recall use), among a fixed subset of the training
 * set. A sample much closer to a training image than training images are to each other is a near-copy of it.
 */

export { NEAREST_K, NEAREST_POOL } from '../explore/nearest';
/** Pool images whose own nearest neighbour gives the typical distance (200 × 5,000 distances: a tenth of a second). */
const TYPICAL_SAMPLE = 200;

type Pool = { indices: Int32Array; features: Rows; typical: number };

export class NearestImages {
  /** The embedded pool per training set (a new set, e.g. after a reload of the images, is embedded again). */
  private readonly pools = new WeakMap<ImageSet, Promise<Pool>>();

  constructor(
    private readonly tf: Tf,
    private readonly loadClassifier: () => Promise<MnistClassifier>,
    private readonly poolSize = NEAREST_POOL,
  ) {}

  /** The k training images nearest to G's sample for the one vector of `req`, or why there are none, in a sentence. */
  async find(t: Trainer, images: ImageSets, req: ExploreRequest): Promise<NearestResult> {
    const tf = this.tf;
    const space = t.latentSpace();
    if (!space) return { ok: false, message: NO_LATENT };
    const problem = checkRequest(space, req);
    if (problem) return { ok: false, message: problem };
    if (req.latent.length !== space.dim) return { ok: false, message: `nearest training images are found for one sample at a time; ${req.latent.length / space.dim} were asked for.` };
    const target = nearestTarget(t);
    if (typeof target === 'string') return { ok: false, message: target };
    const train = images['mnist'];
    if (!train) return { ok: false, message: 'The MNIST training images are not loaded yet; try again once the run has loaded them.' };
    const clf = await this.loadClassifier();
    const pool = await this.poolFor(train, clf);
    const fake = t.generateFrom(space, req.latent, req.labels ?? null);
    let sample;
    try {
      sample = await classifyImages(tf, clf, { count: 1, batch: () => generatedToInput(tf, fake, target.range) });
    } finally {
      fake.dispose();
    }
    const near = nearestRows(sample.features.data, pool.features, FEATURE_DIM, NEAREST_K);
    const per = train.height * train.width * train.channels;
    const data = new Float32Array(near.length * per);
    const neighbours = near.map((nb, k) => {
      const index = pool.indices[nb.index]!;
      for (let p = 0; p < per; p++) data[k * per + p] = train.pixels[index * per + p]! / 255;
      return { index, label: train.labels ? train.labels[index]! : null, distance: nb.distance };
    });
    const probs = Array.from(sample.probs.data.subarray(0, NUM_CLASSES));
    const sampleClass = probs.indexOf(Math.max(...probs));
    return {
      ok: true,
      step: t.step,
      pool: pool.indices.length,
      typical: pool.typical,
      sampleClass,
      confidence: probs[sampleClass]!,
      neighbours,
      frame: { kind: 'images', step: t.step, count: near.length, height: train.height, width: train.width, channels: train.channels, range: '[0,1]', data },
    };
  }

  private poolFor(train: ImageSet, clf: MnistClassifier): Promise<Pool> {
    const kept = this.pools.get(train);
    if (kept) return kept;
    const indices = realSubset('reference', Math.min(this.poolSize, train.count), train.count);
    const pool: Promise<Pool> = classifyImages(this.tf, clf, { count: indices.length, batch: (s, n) => gatherPixelsToInput(this.tf, train.pixels, indices.subarray(s, s + n)) }).then((out) => ({
      indices,
      features: out.features.data,
      typical: typicalNearestDistance(out.features.data, FEATURE_DIM, TYPICAL_SAMPLE),
    }));
    // A failed embedding is tried again next time.
    pool.catch(() => this.pools.delete(train));
    this.pools.set(train, pool);
    return pool;
  }
}
