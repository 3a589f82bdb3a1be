/** The MNIST feature classifier: architecture, weights file, inference, training. tfjs is passed in. See docs/metrics.md. */
export { ARCHITECTURE_ID, CONV_LAYERS, FEATURE_DIM, FLAT_DIM, INPUT_SHAPE, NUM_CLASSES, inferenceWeightSpecs } from './architecture';
export { CLASSIFIER_ERRORS, ClassifierError, type ClassifierErrorCode } from './errors';
export {
  CLASSIFIER_FORMAT,
  CLASSIFIER_VERSION,
  decodeClassifier,
  encodeClassifier,
  zClassifierManifestV1,
  type ClassifierManifest,
  type ClassifierWeightArrays,
} from './weights-file';
export { ACTIVATION_LAYERS, classifierActivations, classifierForward, createClassifier, frozenClassifier, type MnistClassifier } from './model';
export { classifyImages, gatherPixelsToInput, generatedToInput, pixelsToInput, DEFAULT_BATCH, type ClassifierOutputs, type ImageBatches } from './extract';
export {
  accuracyOf,
  classifierAccuracy,
  foldConvBatchNorm,
  trainClassifier,
  BN_CALIBRATION_IMAGES,
  BN_EPSILON,
  DEFAULT_RECIPE,
  type BatchNormStats,
  type ClassifierTrainOptions,
  type TrainEvent,
} from './train';
export { imageMetrics, type ImageMetricOptions, type ImageMetrics } from './image-metrics';
export { realSubset, shuffled, SUBSET_SEED, type RealSubset } from './subsets';
