import type { FrozenName, JsonValue } from '../../blocks/types';
import { ARCHITECTURE_ID, CONV_LAYERS, FEATURE_DIM, inferenceWeightSpecs, INPUT_SHAPE, NUM_CLASSES } from '../../metrics/classifier/architecture';
import { CLASSIFIER_FORMAT, CLASSIFIER_VERSION } from '../../metrics/classifier/weights-file';
import { CLASSIFIER_DIR, type FileContents, type TemplateFiles } from '../generate';
import { TorchExportError } from './emit-models';

/**
 * The frozen networks a PyTorch project carries for its loss terms (the feature loss's MNIST classifier): the files
 * the TypeScript export carries (model.json, weights.bin under eval/mnist-classifier/, as loadTorchTemplates reads
 * them from assets/), and each network's architecture as data for frozen.py, written from
 * lib/metrics/classifier/architecture.ts — the one place its layer sizes are — so the PyTorch module is built from,
 * and the file checked against, the very architecture the app runs.
 */
export function torchFrozen(names: readonly FrozenName[], templates: TemplateFiles): { files: [string, FileContents][]; spec: Record<string, JsonValue> } {
  const files: [string, FileContents][] = [];
  const spec: Record<string, JsonValue> = {};
  for (const name of names) {
    if (name !== 'mnist-classifier') throw new TorchExportError(`the frozen network "${String(name)}" has no PyTorch form yet`);
    for (const f of ['model.json', 'weights.bin']) {
      const path = `${CLASSIFIER_DIR}/${f}`;
      const contents = templates.get(path);
      if (contents === undefined) throw new TorchExportError(`the PyTorch templates have no ${path} (the MNIST classifier the feature loss reads)`);
      files.push([path, contents]);
    }
    spec[name] = {
      dir: CLASSIFIER_DIR,
      format: CLASSIFIER_FORMAT,
      version: CLASSIFIER_VERSION,
      architecture: ARCHITECTURE_ID,
      // [height, width, channels], as the app's tensors are; frozen.py reads images channels-first.
      input: [...INPUT_SHAPE],
      conv: CONV_LAYERS.map((l) => ({ name: l.name, kernel: l.kernel, filters: l.filters, pool: l.pool })),
      features: FEATURE_DIM,
      classes: NUM_CLASSES,
      // The file's tensors in order, in tfjs's layouts (conv kernels [h, w, in, out], dense kernels [in, out]).
      weights: inferenceWeightSpecs().map((w) => ({ name: w.name, shape: [...w.shape] })),
    };
  }
  return { files, spec };
}
