// Time of the Fréchet distance (FID's formula) on two 10,000-sample feature sets, moments included: the cost an
// eval step pays when neither side's statistics are cached. Pure TypeScript, float64, one thread.
import { mulberry32 } from '../../lib/rng';
import { featureMatrix, frechetDistance, frechetFromMoments, moments, type FeatureMatrix } from '../../lib/metrics';
import { medianMs, type Bench, type Report } from './harness';

const N = 10_000;
const RUNS = 7;

/** n rows of z·L with z standard normal and L a random d × d mixing matrix: correlated, full-rank features. */
function features(seed: number, n: number, d: number): FeatureMatrix {
  const rng = mulberry32(seed);
  const l = Float64Array.from({ length: d * d }, () => rng.normal() / Math.sqrt(d));
  const z = new Float64Array(d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) z[k] = rng.normal();
    for (let k = 0; k < d; k++) {
      const zk = z[k]!;
      for (let j = 0; j < d; j++) x[i * d + j]! += zk * l[k * d + j]!;
    }
  }
  return featureMatrix(x, n, d);
}

async function measure(report: Report, d: number): Promise<void> {
  const real = features(1, N, d);
  const gen = features(2, N, d);
  let fd = 0;
  const total = await medianMs(() => (fd = frechetDistance(real, gen)), RUNS);
  report.figure({ name: `Fréchet distance, ${N} × ${N} samples, d = ${d}`, value: total, unit: 'ms', note: `median of ${RUNS}, both sets' mean and covariance included; FD = ${fd.toFixed(3)}` });
  const oneSet = await medianMs(() => moments(real), RUNS);
  report.figure({ name: `  of which mean + covariance of one set, d = ${d}`, value: oneSet, unit: 'ms', note: `n·d²/2 = ${((N * d * d) / 2 / 1e6).toFixed(0)} M multiply-adds` });
  const r = moments(real);
  const g = moments(gen);
  const matrix = await medianMs(() => frechetFromMoments(r.mean, r.cov, g.mean, g.cov, d), RUNS);
  report.figure({ name: `  of which the matrix part (sqrtm, S Σ S, eigenvalues), d = ${d}`, value: matrix, unit: 'ms', note: 'frechetFromMoments; what a step with cached real statistics pays on top of one covariance' });
}

const bench: Bench = {
  title: 'Fréchet distance (FID formula), pure TypeScript float64',
  async run(report) {
    for (const d of [128, 64]) await measure(report, d);
  },
};

export default bench;
