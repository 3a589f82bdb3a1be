import { describe, expect, it } from 'vitest';
import { describeWarmStart, planWarmStart, type LayerInfo } from '../../../lib/train/warm-start';

const dense = (network: string, layer: string, inputs: number, units: number): LayerInfo => ({ network, layer, kind: 'Dense', shapes: [[inputs, units], [units]] });

describe('planWarmStart: load by name, as Keras does', () => {
  it.each<[string, LayerInfo[], LayerInfo[], { kept: string[]; fresh: string[] }]>([
    ['nothing changed', [dense('G', 'fc1', 2, 8)], [dense('G', 'fc1', 2, 8)], { kept: ['G/fc1'], fresh: [] }],
    ['a new layer', [dense('G', 'fc1', 2, 8)], [dense('G', 'fc1', 2, 8), dense('G', 'fc2', 8, 8)], { kept: ['G/fc1'], fresh: ['G/fc2 new'] }],
    ['a widened layer and the one it feeds', [dense('G', 'fc1', 2, 8), dense('G', 'out', 8, 2)], [dense('G', 'fc1', 2, 16), dense('G', 'out', 16, 2)], { kept: [], fresh: ['G/fc1 changed', 'G/out changed'] }],
    ['the same name in another network', [dense('G', 'fc1', 2, 8)], [dense('D', 'fc1', 2, 8)], { kept: [], fresh: ['D/fc1 new'] }],
    ['another layer class with the same shapes', [dense('G', 'fc1', 2, 8)], [{ ...dense('G', 'fc1', 2, 8), kind: 'Conv2D' }], { kept: [], fresh: ['G/fc1 changed'] }],
    ['a layer that lost its bias', [dense('G', 'fc1', 2, 8)], [{ ...dense('G', 'fc1', 2, 8), shapes: [[2, 8]] }], { kept: [], fresh: ['G/fc1 changed'] }],
    ['a removed layer (nothing to report)', [dense('G', 'fc1', 2, 8), dense('G', 'gone', 8, 8)], [dense('G', 'fc1', 2, 8)], { kept: ['G/fc1'], fresh: [] }],
    ['ids that are Object.prototype names', [dense('constructor', 'toString', 2, 8)], [dense('constructor', 'toString', 2, 8), dense('G', '__proto__', 2, 8)], { kept: ['constructor/toString'], fresh: ['G/__proto__ new'] }],
  ])('%s', (_what, from, to, want) => {
    const plan = planWarmStart(from, to);
    expect({ kept: plan.kept.map((l) => `${l.network}/${l.layer}`), fresh: plan.fresh.map((l) => `${l.network}/${l.layer} ${l.why}`) }).toEqual(want);
  });

  it('says which layers start fresh', () => {
    expect(describeWarmStart(planWarmStart([dense('G', 'fc1', 2, 8)], [dense('G', 'fc1', 2, 8), dense('G', 'fc2', 8, 8)]))).toBe(
      'Restarted with the change: 1 layer kept its trained weights; fresh weights for G/fc2 (new).',
    );
    expect(describeWarmStart(planWarmStart([], [dense('G', 'fc1', 2, 8)]))).toBe('Restarted with the change: every layer starts from fresh weights (1 layer).');
    expect(describeWarmStart(planWarmStart([dense('G', 'a', 1, 1), dense('G', 'b', 1, 1)], [dense('G', 'a', 1, 1), dense('G', 'b', 1, 1)]))).toBe(
      'Restarted with the change: all 2 layers kept their trained weights.',
    );
  });
});
