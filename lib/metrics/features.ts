import { MetricError } from './errors';

/** Typed arrays the metrics read: tfjs hands back Float32Array, the metrics' own results are Float64Array. */
export type Floats = Float32Array | Float64Array;

/**
 * n feature vectors of dimension d, row-major: row i is `data[i*cols .. (i+1)*cols)`.
 * All arithmetic on it is done in float64, whichever array type holds it.
 */
export type FeatureMatrix = { readonly data: Floats; readonly rows: number; readonly cols: number };

/** Wraps a flat array as a feature matrix, checking that the sizes agree. */
export function featureMatrix(data: Floats, rows: number, cols: number): FeatureMatrix {
  const x = { data, rows, cols };
  checkFeatures(x, 'features');
  return x;
}

/** Throws a MetricError unless `x` is a well-formed, finite matrix with at least `minRows` rows. */
export function checkFeatures(x: FeatureMatrix, what: string, minRows = 1): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1) {
    throw new MetricError('E_METRIC_SHAPE', `${what}: rows ${x.rows} and cols ${x.cols} must be whole numbers, cols ≥ 1.`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new MetricError('E_METRIC_SHAPE', `${what}: ${x.rows} × ${x.cols} needs ${x.rows * x.cols} values; the array holds ${x.data.length}.`);
  }
  if (x.rows < minRows) {
    throw new MetricError('E_METRIC_TOO_FEW', `${what} has ${x.rows} rows; this metric needs at least ${minRows}.`);
  }
  checkFinite(x.data, what);
}

export function checkFinite(data: ArrayLike<number>, what: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new MetricError('E_METRIC_NOT_FINITE', `${what}[${i}] is ${data[i]}. Check the generator's output (a diverged run gives NaN).`);
    }
  }
}

export function checkSameDims(a: FeatureMatrix, b: FeatureMatrix): void {
  if (a.cols !== b.cols) {
    throw new MetricError('E_METRIC_DIMS', `real features have ${a.cols} columns, generated ${b.cols}. Extract both with the same classifier layer.`);
  }
}
