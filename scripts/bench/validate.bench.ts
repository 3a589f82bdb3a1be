// Validating a 1,000-node design: parse-free shape inference plus the GAN checks, median of many runs
// (issue target: ≤ 10 ms). The design is dcgan-mnist with its generator lengthened by a chain of
// batch-norm / activation pairs, so every node really has shapes to infer.
import os from 'node:os';
import { getPreset } from '../../lib/presets';
import { validateDesign } from '../../lib/validate';
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
    // The figure only counts if every node's shapes were really inferred (no short cut may skip work on a valid design).
    const reports = [...Object.values(r.networks).flatMap((n) => Object.values(n.nodes)), ...Object.values(r.training.nodes)];
    if (reports.length !== nodes || reports.some((n) => !n.ok)) throw new Error('bench design: not every node was inferred');
    const ms = await medianMs(() => validateDesign(d), 51, 5);
    // Wall time on a shared machine: the load average says how far to trust a MISS (or a PASS) of a few ms.
    const [load] = os.loadavg();
    report.goal({
      name: `validate a ${nodes}-node design (median of 51)`,
      value: ms,
      unit: 'ms',
      target: '≤ 10 ms',
      ok: ms <= 10,
      note: `load average ${load?.toFixed(2)} on ${os.cpus().length} cores`,
    });
  },
};
export default bench;
