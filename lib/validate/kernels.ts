import type { BlockRegistry } from '../blocks/registry';
import type { Design } from '../graph/schema';
import { problem, type Problem } from '../graph/problems';
import type { DesignReport } from './validate';

/** What a tfjs build offers: answered by `tf.getKernel(name, backend)` and `tf.getGradient(name)`. */
export type KernelEnv = { hasKernel(name: string, backend: string): boolean; hasGradient(name: string): boolean };

/**
 * Can this design train on `backend`? Each block names the kernels its forward and backward passes run; a kernel
 * missing on the backend, or a forward kernel without a gradient (tfjs 4.22: depthToSpace has none anywhere), is
 * reported at the node with what to do instead.
 */
export function checkKernels(design: Design, report: DesignReport, registry: BlockRegistry, backend: string, env: KernelEnv): Problem[] {
  const out: Problem[] = [];
  for (const net of design.networks) {
    for (const node of net.nodes) {
      const block = registry.get(node.type);
      const params = report.networks[net.id]?.nodes[node.id]?.params;
      if (!block?.kernels || params === undefined) continue;
      const needs = block.kernels(params);
      const where = { network: net.id, node: node.id };
      for (const k of needs.forward) {
        if (!env.hasKernel(k, backend)) out.push(problem('E_KERNEL_MISSING', `${block.label} "${node.id}" runs the ${k} kernel, which the ${backend} backend lacks. Choose another backend.`, where));
        else if (!env.hasGradient(k)) out.push(problem('E_KERNEL_MISSING', `${block.label} "${node.id}" runs ${k}, which has no gradient in tfjs, so it cannot be trained. Replace the block.`, where));
      }
      for (const k of needs.backward ?? []) {
        if (!env.hasKernel(k, backend)) {
          out.push(problem('E_KERNEL_MISSING', `${block.label} "${node.id}" needs the ${k} kernel to train, which the ${backend} backend lacks. Choose another backend (cpu or webgl have it).`, where));
        }
      }
    }
  }
  return out;
}
