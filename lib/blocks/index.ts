import { BlockRegistry } from './registry';
import { activationBlock } from './layers/activation';
import { adaInBlock } from './layers/ada-in';
import { addBlock } from './layers/add';
import { batchNormalizationBlock } from './layers/batch-normalization';
import { concatenateBlock } from './layers/concatenate';
import { conv2dBlock } from './layers/conv2d';
import { conv2dTransposeBlock } from './layers/conv2d-transpose';
import { denseBlock } from './layers/dense';
import { dropoutBlock } from './layers/dropout';
import { embeddingBlock } from './layers/embedding';
import { flattenBlock } from './layers/flatten';
import { gaussianNoiseBlock } from './layers/gaussian-noise';
import { globalAveragePooling2dBlock } from './layers/global-average-pooling-2d';
import { inputBlock } from './layers/input';
import { instanceNormalizationBlock } from './layers/instance-normalization';
import { layerNormalizationBlock } from './layers/layer-normalization';
import { learnedConstantBlock } from './layers/learned-constant';
import { minibatchStdDevBlock } from './layers/minibatch-std-dev';
import { noiseInjectionBlock } from './layers/noise-injection';
import { outputBlock } from './layers/output';
import { packBlock } from './layers/pack';
import { pixelShuffleBlock } from './layers/pixel-shuffle';
import { reshapeBlock } from './layers/reshape';
import { upSampling2dBlock } from './layers/up-sampling-2d';
import { zeroPadding2dBlock } from './layers/zero-padding-2d';
import { adversarialBlock } from './losses/adversarial';
import { gradientPenaltyBlock } from './losses/gradient-penalty';
import { r1PenaltyBlock } from './losses/r1-penalty';
import { contentBlock, cycleConsistencyBlock, identityBlock, reconstructionBlock } from './losses/reconstruction';
import { featureLossBlock } from './losses/feature';
import { relativisticBlock } from './losses/relativistic';
import { weightClipBlock } from './losses/weight-clip';
import { callBlock } from './networks/call';
import { adamBlock, rmspropBlock, sgdBlock } from './optimizers/optimizer';
import { datasetBlock } from './sources/dataset';
import { domainsBlock } from './sources/domains';
import { pairsBlock } from './sources/pairs';
import { folderPairsBlock } from './sources/folder-pairs';
import { labelBlock } from './sources/label';
import { noiseBlock } from './sources/noise';
import { truncatedNoiseBlock } from './sources/truncated-noise';

/** Every block GAN Studio knows, one line each: the palette, inspector, shapes, compiler and codegen read this. */
const BLOCKS = [
  // network level: boundary, layers, normalisation, structure, style
  inputBlock,
  outputBlock,
  denseBlock,
  conv2dBlock,
  conv2dTransposeBlock,
  upSampling2dBlock,
  pixelShuffleBlock,
  batchNormalizationBlock,
  layerNormalizationBlock,
  instanceNormalizationBlock,
  dropoutBlock,
  activationBlock,
  reshapeBlock,
  flattenBlock,
  concatenateBlock,
  addBlock,
  embeddingBlock,
  gaussianNoiseBlock,
  zeroPadding2dBlock,
  globalAveragePooling2dBlock,
  minibatchStdDevBlock,
  packBlock,
  adaInBlock,
  learnedConstantBlock,
  noiseInjectionBlock,
  // training level: sources, calls, objectives, optimizers
  noiseBlock,
  truncatedNoiseBlock,
  labelBlock,
  datasetBlock,
  domainsBlock,
  pairsBlock,
  folderPairsBlock,
  callBlock,
  adversarialBlock,
  relativisticBlock,
  gradientPenaltyBlock,
  r1PenaltyBlock,
  weightClipBlock,
  reconstructionBlock,
  cycleConsistencyBlock,
  identityBlock,
  contentBlock,
  featureLossBlock,
  adamBlock,
  rmspropBlock,
  sgdBlock,
] as const;

export const blocks = new BlockRegistry(BLOCKS);

/** Every block type id. */
export type BlockType = (typeof BLOCKS)[number]['type'];
/** A block's params, as its schema parses them: `ParamsOf<'dataset'>`. */
export type ParamsOf<K extends BlockType> = NonNullable<Extract<(typeof BLOCKS)[number], { type: K }>['__params']>;

export { BlockRegistry } from './registry';
export type * from './types';
