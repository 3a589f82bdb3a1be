import type { Design } from '../graph/schema';
import { evalTarget, sampleShapeOf } from './evaluation';
import type { ExploreResult, LatentInfo } from './protocol';
import { imagesFrame, isPoints, pointsFrame } from './sample-frame';
import type { LatentSpace, Trainer } from './trainer';

/**
 * The latent explorer's side in the worker: G's samples for noise vectors the page chose (a grid of draws, a path
 * between two of them, a sweep along a direction; lib/explore/latent.ts computes them), as the sample grid's frames.
 */

/** The most vectors one request may ask for: 256 DCGAN samples are ~0.8 MB of pixels and one forward pass of G. */
export const EXPLORE_LIMIT = 256;

export const NO_LATENT = 'This design’s generator is not fed by one noise input, so it has no latent space to explore.';

export type ExploreRequest = { latent: Float32Array; labels?: Int32Array | undefined };

/** The loaded run's latent input, or why it cannot be explored, in a sentence. */
export function latentInfo(t: Trainer): LatentInfo | string {
  const space = t.latentSpace();
  if (!space) return NO_LATENT;
  const nearest = nearestTarget(t);
  return { dim: space.dim, distribution: space.distribution, scale: space.scale, classes: space.labels?.classes ?? null, nearest: typeof nearest === 'string' ? nearest : null };
}

/**
 * The pixel range of G's MNIST digits when the nearest-training-images check applies (explore-nearest.ts), or why it
 * does not, in plain words: it embeds 28×28 digits with the MNIST classifier, as the image metrics do.
 */
export function nearestTarget(t: Trainer): { range: '[-1,1]' | '[0,1]' } | string {
  const target = evalTarget(t.plan, sampleShapeOf(t));
  // A paired generator's digits are MNIST digits too (its evaluation scores them against their targets instead).
  if (target.kind === 'images' || target.kind === 'paired') return { range: target.range };
  if (target.kind === 'toy2d') return 'This design’s samples are 2-D points, not images, so there are no training images to compare them with: the check looks up MNIST digits in the MNIST classifier’s features.';
  return `Nearest training images compare MNIST digits in the MNIST classifier’s features, and ${target.reason}`;
}

/** Why `req` does not fit the run's latent space, in a sentence, or null when it does. */
export function checkRequest(space: LatentSpace, req: ExploreRequest): string | null {
  const { latent, labels } = req;
  const n = latent.length / space.dim;
  if (latent.length === 0 || !Number.isInteger(n)) return `${latent.length} numbers are not whole noise vectors of ${space.dim}.`;
  if (n > EXPLORE_LIMIT) return `${n} noise vectors asked for; the explorer draws at most ${EXPLORE_LIMIT} at once.`;
  if (!latent.every(Number.isFinite)) return 'the noise vectors hold a value that is not a finite number.';
  if (labels) {
    if (!space.labels) return 'this design’s generator takes no class labels.';
    if (labels.length !== n) return `${labels.length} labels for ${n} noise vectors.`;
    const k = space.labels.classes;
    if (!labels.every((y) => y >= 0 && y < k)) return `a label is outside the ${k} classes (0–${k - 1}).`;
  }
  return null;
}

/** G's samples for `req`'s vectors (and labels), refused with a reason when the request does not fit the run. */
export async function exploreFrame(t: Trainer, design: Design, req: ExploreRequest): Promise<ExploreResult> {
  const space = t.latentSpace();
  if (!space) return { ok: false, message: NO_LATENT };
  const problem = checkRequest(space, req);
  if (problem) return { ok: false, message: problem };
  const fake = t.generateFrom(space, req.latent, req.labels ?? null);
  try {
    return { ok: true, frame: isPoints(fake) ? await pointsFrame(t, fake) : await imagesFrame(t, design, fake) };
  } finally {
    fake.dispose();
  }
}
