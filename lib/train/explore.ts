import type { Design } from '../graph/schema';
import type { ExploreResult, LatentInfo } from './protocol';
import { imagesFrame, isPoints, pointsFrame } from './sample-frame';
import type { Trainer } from './trainer';

/**
 * The latent explorer's side in the worker: G's samples for noise vectors the page chose (a grid of draws, a path
 * between two of them, a sweep along a direction; lib/explore/latent.ts computes them), as the sample grid's frames.
 */

/** The most vectors one request may ask for: 256 DCGAN samples are ~0.8 MB of pixels and one forward pass of G. */
export const EXPLORE_LIMIT = 256;

export type ExploreRequest = { latent: Float32Array; labels?: Int32Array | undefined };

/** The loaded run's latent input, or why it cannot be explored, in a sentence. */
export function latentInfo(t: Trainer): LatentInfo | string {
  const space = t.latentSpace();
  if (!space) return 'This design’s generator is not fed by one noise input, so it has no latent space to explore.';
  return { dim: space.dim, distribution: space.distribution, scale: space.scale, classes: space.labels?.classes ?? null };
}

/** G's samples for `req`'s vectors (and labels), refused with a reason when the request does not fit the run. */
export async function exploreFrame(t: Trainer, design: Design, req: ExploreRequest): Promise<ExploreResult> {
  const space = t.latentSpace();
  if (!space) return { ok: false, message: latentInfo(t) as string };
  const { latent, labels } = req;
  const n = latent.length / space.dim;
  if (latent.length === 0 || !Number.isInteger(n)) return { ok: false, message: `${latent.length} numbers are not whole noise vectors of ${space.dim}.` };
  if (n > EXPLORE_LIMIT) return { ok: false, message: `${n} noise vectors asked for; the explorer draws at most ${EXPLORE_LIMIT} at once.` };
  if (!latent.every(Number.isFinite)) return { ok: false, message: 'the noise vectors hold a value that is not a finite number.' };
  if (labels) {
    if (!space.labels) return { ok: false, message: 'this design’s generator takes no class labels.' };
    if (labels.length !== n) return { ok: false, message: `${labels.length} labels for ${n} noise vectors.` };
    const k = space.labels.classes;
    if (!labels.every((y) => y >= 0 && y < k)) return { ok: false, message: `a label is outside the ${k} classes (0–${k - 1}).` };
  }
  const fake = t.generateFrom(space, latent, labels ?? null);
  try {
    return { ok: true, frame: isPoints(fake) ? await pointsFrame(t, fake) : await imagesFrame(t, design, fake) };
  } finally {
    fake.dispose();
  }
}
