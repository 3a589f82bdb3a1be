/** Evaluation metrics: framework-free float64 math over feature matrices. See docs/metrics.md. */
export { METRIC_ERRORS, MetricError, type MetricErrorCode } from './errors';
export { featureMatrix, type FeatureMatrix, type Floats } from './features';
export { mean, covariance, moments, type Moments } from './moments';
export { symmetricEigen, type SymmetricEigen } from './eigen';
export { matmul, trace, sqrtmPsd, traceSqrtPsd, symmetrize } from './linalg';
export { frechetDistance, frechetFromMoments } from './frechet';
export { kid, polynomialMmd2Unbiased, polynomialKernel, type KidOptions, type KidResult } from './kid';
export { precisionRecall, knnRadiiSq, type PrecisionRecall } from './precision-recall';
export { classifierScore, classCoverage, type ClassifierScore, type ClassCoverage } from './classifier-score';
export { klToUniform } from './histogram';
export {
  scoreModes2d,
  sampleModes2d,
  MIXTURES_2D,
  HIGH_QUALITY_STDS,
  DEFAULT_MIN_COUNT,
  type Modes2dName,
  type Modes2dScore,
} from './modes2d';
export { meanPsnr, meanSsim, mseEach, psnrFromMse, ssimOne, ssimWeights, dataRange, type GreyImages, type PixelRange } from './image-quality';
export { bicubicUpsample, keysKernel, KEYS_A } from './bicubic';
