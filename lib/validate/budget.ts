import type { BlockRegistry } from '../blocks/registry';
import type { Design } from '../graph/schema';
import { problem, type Problem } from '../graph/problems';
import type { DesignReport } from './validate';
import type { TrainingCost } from './cost';
import { safely } from './gan-checks';

export type { TrainingCost } from './cost';

/**
 * What training a design costs, worked out from shape inference alone — before anything is allocated — so a design
 * too big for the machine is refused with figures instead of dying inside tfjs ("Invalid typed array length", "memory
 * access out of bounds", a tab that swaps itself to death).
 *
 * Memory is the steady state of one update (float32 everywhere): every weight; a gradient per trained weight; the
 * optimizer's state per trained weight (OptimizerRole.stateSlots: Adam keeps two moments); the generators' moving
 * averages when the run keeps them; and the activations the backward pass keeps — every node output, per example,
 * times the batch, for each time the training graph calls the network. It is a floor: tfjs also holds transient
 * gradients of activations and the gradient penalty differentiates twice, so a design near the budget may still not fit.
 *
 * Work is forward FLOPs × batch × 3 per call of each network: a backward pass costs about twice the forward (the
 * usual rule, e.g. Kaplan et al. 2020, "Scaling Laws", §2.1: C ≈ 6N per token = 2N forward + 4N backward).
 */

export type Budget = {
  /** Bytes training may use. */
  memoryBytes: number;
  /** Floating-point operations one training step may cost. */
  flopsPerStep: number;
  /** Where the figure comes from, for the message ("half of this machine's 24 GB; --memory-budget to change"). */
  source: string;
};

/**
 * A network deeper than this is refused whatever the budget: tfjs-layers walks a model's graph recursively when it
 * builds and differentiates it, and a 4,990-layer chain overflows Node's stack ("Maximum call stack size exceeded",
 * measured on the cpu and wasm backends; 3,500 layers still trained). A worker's stack is no larger, so the limit keeps
 * a factor of 3 in hand. The deepest preset has 31 layers; ResNet-152 has 152.
 */
export const MAX_NETWORK_DEPTH = 1000;

const GB = 1024 ** 3;

/**
 * The budget when nothing narrower is known (the export route, a bare validation): what the largest single
 * accelerator holds. DistributedDataParallel keeps a whole replica on each GPU, so a design must fit one of them.
 */
export const ANY_MACHINE_BUDGET: Budget = { memoryBytes: 141 * GB, flopsPerStep: 1e15, source: 'the memory of the largest single GPU (141 GB)' };

/**
 * tfjs-backend-wasm is wasm32: one linear memory of at most 4 GB holds every tensor, and a design that needs more ends
 * in "memory access out of bounds" (a conv with 65,536 filters did). The cpu backend's typed arrays and WebGPU's
 * buffers live outside it, bounded by the machine.
 */
export const WASM_MEMORY_BYTES = 4 * GB;
/** One step's work a machine is asked to take on: ~1,000 s at 1 TFLOP/s. */
const MACHINE_FLOPS_PER_STEP = 1e15;

/**
 * The budget on one machine: half its memory (the rest is for the runtime, the OS and the data sets), within what the
 * backend can address. `machine` says where the memory figure came from ("this machine's", "this device's").
 */
export function machineBudget(memoryBytes: number, backend: string | null, machine: string, change: string): Budget {
  let bytes = memoryBytes / 2;
  let source = `half of ${machine} ${formatBytes(memoryBytes)}${change ? `; ${change}` : ''}`;
  if (backend === 'wasm' && bytes > WASM_MEMORY_BYTES) {
    bytes = WASM_MEMORY_BYTES;
    source = 'what the wasm backend can address (wasm32)';
  }
  return { memoryBytes: bytes, flopsPerStep: MACHINE_FLOPS_PER_STEP, source };
}

/**
 * The budget in a browser, from `navigator.deviceMemory` (the Device Memory API: GB, rounded down to a power of two
 * and capped at 8 by Chromium to resist fingerprinting; absent in Firefox and Safari, where 4 GB is assumed). The
 * worker and the studio compute the same one, so what the problems panel accepts is what the worker trains.
 */
export function browserBudget(deviceMemoryGb: number | undefined): Budget {
  const known = typeof deviceMemoryGb === 'number' && deviceMemoryGb > 0;
  return machineBudget((known ? deviceMemoryGb : 4) * GB, null, known ? "this device's" : 'the 4 GB assumed of a device that does not report its', '');
}


/** The cost of training `design` at its batch size, from its validation report. Never throws, allocates O(nodes). */
export function trainingCost(design: Design, report: DesignReport, registry: BlockRegistry): TrainingCost {
  const batch = design.training.settings.batchSize;
  const ema = design.training.settings.emaDecay > 0;
  // How often the training graph runs each network, and the optimizer state each trained network keeps per weight.
  const calls = new Map<string, number>();
  const slots = new Map<string, number>();
  for (const n of design.training.nodes) {
    const block = registry.get(n.type);
    const params = report.training.nodes[n.id]?.params;
    if (!block || params === undefined) continue;
    const called = safely(() => block.network?.(params));
    if (called !== undefined) calls.set(called, (calls.get(called) ?? 0) + 1);
    const role = block.optimizer;
    if (role) {
      const id = safely(() => role.network(params));
      const k = safely(() => role.stateSlots(params));
      if (id !== undefined && k !== undefined) slots.set(id, k);
    }
  }
  const cost: TrainingCost = { batchSize: batch, weightBytes: 0, gradientBytes: 0, optimizerBytes: 0, emaBytes: 0, activationBytes: 0, totalBytes: 0, flopsPerStep: 0, biggest: null, deepest: null };
  for (const net of design.networks) {
    const r = report.networks[net.id];
    if (!r || r.id !== net.id) continue;
    const times = calls.get(net.id) ?? 0;
    const trained = slots.has(net.id);
    const k = slots.get(net.id) ?? 0;
    const averaged = ema && net.role === 'generator';
    for (const id of r.order) {
      const n = Object.prototype.hasOwnProperty.call(r.nodes, id) ? r.nodes[id]! : null;
      if (!n) continue;
      const all = n.count.trainable + n.count.nonTrainable;
      const w = 4 * all;
      const g = trained ? 4 * n.count.trainable : 0;
      const o = trained ? 4 * k * n.count.trainable : 0;
      const e = averaged ? w : 0;
      const a = n.type === 'output' ? 0 : n.activationBytes * batch * times;
      cost.weightBytes += w;
      cost.gradientBytes += g;
      cost.optimizerBytes += o;
      cost.emaBytes += e;
      cost.activationBytes += a;
      const bytes = w + g + o + e + a;
      if (!cost.biggest || bytes > cost.biggest.bytes) cost.biggest = { network: net.id, node: id, bytes };
    }
    cost.flopsPerStep += 3 * r.flops * batch * times;
    const depth = longestPath(r.order, net.edges);
    if (!cost.deepest || depth > cost.deepest.depth) cost.deepest = { network: net.id, depth };
  }
  cost.totalBytes = cost.weightBytes + cost.gradientBytes + cost.optimizerBytes + cost.emaBytes + cost.activationBytes;
  return cost;
}

/** The problems of a cost against a budget: too deep always, too much memory or work for this budget. */
export function budgetProblems(cost: TrainingCost, budget: Budget): Problem[] {
  const out: Problem[] = [];
  if (cost.deepest && cost.deepest.depth > MAX_NETWORK_DEPTH) {
    const { network, depth } = cost.deepest;
    out.push(problem('E_TOO_DEEP', `network "${network}" is ${depth.toLocaleString('en')} layers deep; the limit is ${MAX_NETWORK_DEPTH.toLocaleString('en')} (tfjs differentiates a model recursively and runs out of stack). Make it shallower.`, { network }));
  }
  const big = cost.biggest;
  const where = big ? { network: big.network, node: big.node } : {};
  const biggest = big ? ` The biggest node is "${big.node}" in network "${big.network}" (${formatBytes(big.bytes)}).` : '';
  if (cost.totalBytes > budget.memoryBytes) {
    const parts = [
      `weights ${formatBytes(cost.weightBytes)}`,
      `gradients ${formatBytes(cost.gradientBytes)}`,
      `optimizer state ${formatBytes(cost.optimizerBytes)}`,
      ...(cost.emaBytes ? [`moving averages ${formatBytes(cost.emaBytes)}`] : []),
      `activations ${formatBytes(cost.activationBytes)}`,
    ];
    out.push(problem('E_BUDGET_MEMORY', `training at batch ${cost.batchSize} needs ${formatBytes(cost.totalBytes)} (${parts.join(', ')}); the budget is ${formatBytes(budget.memoryBytes)}, ${budget.source}.${biggest} Make it smaller or lower the batch size.`, where));
  }
  if (cost.flopsPerStep > budget.flopsPerStep) {
    out.push(problem('E_BUDGET_WORK', `one step at batch ${cost.batchSize} is ${formatFlops(cost.flopsPerStep)}; the budget is ${formatFlops(budget.flopsPerStep)} per step, ${budget.source}.${biggest} Make it smaller or lower the batch size.`, where));
  }
  return out;
}

/** 1536 → "1.5 KB", 1.2e12 → "1.1 TB" (binary units, as memory is sold and reported). */
export const formatBytes = (n: number): string => scaled(n, 1024, ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB']);

/** 3.2e9 → "3.2 GFLOPs". */
export const formatFlops = (n: number): string => scaled(n, 1000, ['FLOPs', 'kFLOPs', 'MFLOPs', 'GFLOPs', 'TFLOPs', 'PFLOPs', 'EFLOPs']);

/** `n` in the largest of `units` (each `base` times the one before) that keeps it at 1 or more. */
function scaled(n: number, base: number, units: readonly string[]): string {
  let i = 0;
  let v = n;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return i === 0 ? `${Math.round(v)} ${units[0]}` : `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en')} ${units[i]}`;
}

/** Nodes on the longest path of a DAG given in topological order (edges to unknown nodes are ignored). */
function longestPath(order: readonly string[], edges: readonly { source: string; target: string }[]): number {
  const depth = new Map<string, number>();
  for (const id of order) depth.set(id, 1);
  const into = new Map<string, string[]>();
  for (const e of edges) {
    const list = into.get(e.target);
    if (list) list.push(e.source);
    else into.set(e.target, [e.source]);
  }
  let max = 0;
  for (const id of order) {
    let d = 1;
    for (const s of into.get(id) ?? []) d = Math.max(d, (depth.get(s) ?? 0) + 1);
    depth.set(id, d);
    max = Math.max(max, d);
  }
  return max;
}
