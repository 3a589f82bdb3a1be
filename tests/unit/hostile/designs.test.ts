import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { parseDesignText } from '../../../lib/graph/parse';
import { ANY_MACHINE_BUDGET, machineBudget, MAX_NETWORK_DEPTH, validateDesign, validateText, type Budget } from '../../../lib/validate';
import { deepChain, nestedText, preset, type HostileCase } from './corpus';

/** Designs as a file brings them: text through the boundary parse, then validation against a budget. */
type DesignInput = { text: string; budget: Budget };

const GB = 1024 ** 3;
/** `gan train`'s default on this 24 GB machine with the wasm backend, and with cpu. */
const WASM_24GB = machineBudget(24 * GB, 'wasm', "this machine's", '');
const CPU_24GB = machineBudget(24 * GB, 'cpu', "this machine's", '');

function withParams(id: string, network: string, node: string, params: Record<string, unknown>): string {
  const d = preset(id);
  const n = d.networks.find((x) => x.id === network)!.nodes.find((x) => x.id === node)!;
  n.params = { ...n.params, ...params };
  return JSON.stringify(d);
}

/** ring8-2d with its generator's two hidden layers this wide (G has ≈ fc1 × fc2 parameters), at `batch`. */
function wideRing(fc1: number, fc2: number, batch?: number): string {
  const d = preset('ring8-2d');
  const g = d.networks.find((x) => x.id === 'G')!;
  for (const [id, units] of [['fc1', fc1], ['fc2', fc2]] as const) {
    const n = g.nodes.find((x) => x.id === id)!;
    n.params = { ...n.params, units };
  }
  if (batch) d.training.settings.batchSize = batch;
  return JSON.stringify(d);
}

/** A design whose node's params are replaced by `raw` JSON text (for values JSON.stringify cannot build). */
function withRawParams(raw: string): string {
  const d = preset('ring8-2d');
  d.networks[0]!.nodes[1]!.params = '@@RAW@@' as never;
  return JSON.stringify(d).replace('"@@RAW@@"', raw);
}

const cases: HostileCase<DesignInput>[] = [
  // 10¹² parameters: "valid" before, then "Invalid typed array length" in gan train.
  { name: 'a dense layer pair with 10¹² parameters', input: () => ({ text: wideRing(1_000_000, 1_000_000), budget: ANY_MACHINE_BUDGET }), code: 'E_BUDGET_MEMORY' },
  // 2·10⁹ parameters grew past 5 GB in gan train.
  { name: '2·10⁹ parameters on a 24 GB machine', input: () => ({ text: wideRing(1_000_000, 2000), budget: CPU_24GB }), code: 'E_BUDGET_MEMORY' },
  // "memory access out of bounds" inside wasm before.
  { name: 'a conv with 65,536 filters on wasm', input: () => ({ text: withParams('dcgan-mnist', 'D', 'down_14', { filters: 65_536 }), budget: WASM_24GB }), code: 'E_BUDGET_MEMORY' },
  // "Maximum call stack size exceeded" inside tfjs before.
  { name: 'a 4,990-layer chain', input: () => ({ text: JSON.stringify(deepChain(4990)), budget: ANY_MACHINE_BUDGET }), code: 'E_TOO_DEEP' },
  { name: 'one layer past the depth limit', input: () => ({ text: JSON.stringify(deepChain(MAX_NETWORK_DEPTH)), budget: ANY_MACHINE_BUDGET }), code: 'E_TOO_DEEP' },
  { name: 'a step of 10¹⁶ FLOPs', input: () => ({ text: wideRing(1_000_000, 1_000_000, 4096), budget: { ...ANY_MACHINE_BUDGET, memoryBytes: Infinity } }), code: 'E_BUDGET_WORK' },
  // Passed validation before, then crashed the export and lost a finished run at save time.
  { name: 'params nested 100,000 deep', input: () => ({ text: withRawParams(nestedText(100_000)), budget: ANY_MACHINE_BUDGET }), code: 'E_NESTING' },
  { name: 'params nested 33 deep', input: () => ({ text: withRawParams(nestedText(33)), budget: ANY_MACHINE_BUDGET }), code: 'E_NESTING' },
  { name: 'a design that is one 100,000-deep array', input: () => ({ text: nestedText(100_000), budget: ANY_MACHINE_BUDGET }), code: 'E_SCHEMA' },
  { name: '50 MB of design', input: () => ({ text: `{"name":"${'x'.repeat(50 * 1024 * 1024)}"}`, budget: ANY_MACHINE_BUDGET }), code: 'E_TOO_LARGE' },
];

describe('hostile designs', () => {
  it.each(cases)('$name → $code', ({ input, code }) => {
    const { text, budget } = input();
    const parsed = parseDesignText(text);
    const problems = parsed.ok ? validateDesign(parsed.design, blocks, budget).problems : parsed.problems;
    expect(problems.map((p) => p.code)).toContain(code);
    for (const p of problems) expect(p.message).not.toContain('\n');
  });

  it('names the figure, the budget and the biggest node when it refuses', () => {
    const parsed = parseDesignText(withParams('dcgan-mnist', 'D', 'down_14', { filters: 65_536 }));
    if (!parsed.ok) throw new Error('does not parse');
    const p = validateDesign(parsed.design, blocks, WASM_24GB).problems.find((x) => x.code === 'E_BUDGET_MEMORY')!;
    expect(p.message).toMatch(/needs 14 GB \(weights 519 MB, gradients 519 MB, optimizer state 1\.0 GB, activations 12 GB\); the budget is 4\.0 GB, what the wasm backend can address/);
    expect(p.message).toContain('The biggest node is "down_14" in network "D"');
    expect(p.where).toMatchObject({ network: 'D', node: 'down_14' });
  });

  it('every preset fits the smallest budget a browser reports (0.25 GB device memory → 128 MB) at its batch size', () => {
    const tiny = machineBudget(0.25 * GB * 4, null, 'a', '');
    for (const id of ['ring8-2d', 'grid25-2d', 'dcgan-mnist', 'wgan-gp-mnist', 'stylegan-lite-mnist', 'cyclegan-mnist']) {
      const v = validateText(JSON.stringify(preset(id)));
      expect(v.ok, id).toBe(true);
      const report = validateDesign(v.design!, blocks, tiny);
      expect(report.problems.filter((p) => p.code.startsWith('E_BUDGET')), id).toEqual([]);
      expect(report.cost!.totalBytes, id).toBeGreaterThan(0);
    }
  });

  it('counts what training keeps: Adam keeps two moments per trained weight, the moving average one copy of G', () => {
    const d = preset('ring8-2d');
    const report = validateDesign(d);
    const c = report.cost!;
    const g = report.networks['G']!.count;
    const dd = report.networks['D']!.count;
    const all = g.trainable + g.nonTrainable + dd.trainable + dd.nonTrainable;
    expect(c.weightBytes).toBe(4 * all);
    expect(c.gradientBytes).toBe(4 * (g.trainable + dd.trainable));
    expect(c.optimizerBytes).toBe(2 * c.gradientBytes);
    expect(c.emaBytes).toBe(d.training.settings.emaDecay > 0 ? 4 * (g.trainable + g.nonTrainable) : 0);
    // D runs twice per step (on real and on generated points), G once.
    const calls = (net: string) => d.training.nodes.filter((n) => n.type === 'call' && (n.params as { network: string }).network === net).length;
    expect(calls('D')).toBe(2);
    const batch = d.training.settings.batchSize;
    const act = (net: string) => Object.values(report.networks[net]!.nodes).filter((n) => n.type !== 'output').reduce((a, n) => a + n.activationBytes, 0);
    expect(c.activationBytes).toBe(batch * (act('G') * calls('G') + act('D') * calls('D')));
    expect(c.flopsPerStep).toBe(3 * batch * (report.networks['G']!.flops * calls('G') + report.networks['D']!.flops * 2));
  });
});
