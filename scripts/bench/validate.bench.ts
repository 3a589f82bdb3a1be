// Validating a 1,000-node design: parse-free shape inference plus the GAN checks, median of many runs
// (issue target: ≤ 10 ms). The design is dcgan-mnist with its generator lengthened by a chain of
// batch-norm / activation pairs, so every node really has shapes to infer.
import { getPreset } from '../../lib/presets';
import { validateDesign } from '../../lib/shapes';
import type { Design } from '../../lib/graph/schema';
import { medianMs, type Bench } from './harness';

export function bigDesign(nodes: number): Design {
  const d = structuredClone(getPreset('dcgan-mnist')!.design);
  const G = d.networks.find((n) => n.id === 'G')!;
  const count = () => d.networks.reduce((a, n) => a + n.nodes.length, 0) + d.training.nodes.length;
  // Insert the chain between relu0 and the reshape.
  const into = G.edges.find((e) => e.source === 'relu0')!;
  let prev = 'relu0';
  for (let i = 0; count() < nodes; i++) {
    const type = i % 2 === 0 ? 'batchNormalization' : 'activation';
    const id = `extra${i}`;
    G.nodes.push({ id, type, params: type === 'activation' ? { activation: 'relu' } : {}, position: { x: 0, y: 0 } });
    G.edges.push({ id: `e${i}`, source: prev, sourceHandle: 'out', target: id, targetHandle: 'in' });
    prev = id;
  }
  into.source = prev;
  return d;
}

const bench: Bench = {
  title: 'Validation speed',
  async run(report) {
    const d = bigDesign(1000);
    const nodes = d.networks.reduce((a, n) => a + n.nodes.length, 0) + d.training.nodes.length;
    const r = validateDesign(d);
    if (!r.ok) throw new Error(`bench design is invalid: ${r.problems[0]?.message}`);
    const ms = await medianMs(() => validateDesign(d), 51, 5);
    report.goal({ name: `validate a ${nodes}-node design (median of 51)`, value: ms, unit: 'ms', target: '≤ 10 ms', ok: ms <= 10 });
  },
};
export default bench;
