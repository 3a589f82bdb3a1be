import { describe, expect, expectTypeOf, it } from 'vitest';
import { blocks, BlockRegistry, type ParamsOf } from '../../../lib/blocks';
import type { DatasetParams } from '../../../lib/blocks/sources/dataset';

const REQUIRED = [
  'noise', 'label', 'dataset', 'domains', 'call',
  'dense', 'conv2d', 'conv2dTranspose', 'upSampling2d', 'pixelShuffle', 'batchNormalization', 'layerNormalization', 'instanceNormalization',
  'dropout', 'activation', 'reshape', 'flatten', 'concatenate', 'add', 'embedding', 'gaussianNoise', 'zeroPadding2d',
  'globalAveragePooling2d', 'minibatchStdDev', 'pack', 'adaIN',
  'adversarialLoss', 'relativisticLoss', 'gradientPenalty', 'r1Penalty', 'weightClip', 'reconstruction', 'cycleConsistency', 'identity', 'contentLoss', 'truncatedNoise', 'pairs',
  'adam', 'rmsprop', 'sgd',
];

describe('block registry', () => {
  it('fails fast on a duplicate type id', () => {
    const dense = blocks.get('dense')!;
    expect(() => new BlockRegistry([dense, dense])).toThrow('duplicate block "dense"');
  });

  it('has every block the product promises', () => {
    const types = blocks.all().map((b) => b.type);
    for (const t of REQUIRED) expect(types).toContain(t);
  });

  it.each(blocks.all().map((b) => [b.type, b] as const))('%s is fully described', (_type, b) => {
    expect(b.label.length).toBeGreaterThan(1);
    expect(b.description.length).toBeGreaterThan(20);
    expect(['network', 'training']).toContain(b.level);
    // A training block does one thing in a step: it is a network call, a source, a term, a constraint or an optimizer.
    const roles = [b.network, b.source, b.term, b.constraint, b.optimizer].filter((r) => r !== undefined);
    expect(roles.length).toBe(b.level === 'training' ? 1 : 0);
    if (b.level === 'network' && b.type !== 'input' && b.type !== 'output') expect(b.layer).toBeTypeOf('function');
  });

  it.each(blocks.all().filter((b) => !['call', 'adam', 'rmsprop', 'sgd'].includes(b.type)).map((b) => [b.type, b] as const))(
    '%s has defaults for every param',
    (_type, b) => {
      expect(b.params.safeParse({}).success).toBe(true);
    },
  );

  const runtimes = blocks.all().flatMap((b) => [b.source, b.term, b.constraint, b.optimizer].flatMap((r) => (r ? [[b.type, r] as const] : [])));
  it.each(runtimes)('%s names its own runtime function, which an exported project imports', async (_type, role) => {
    const mod = (await import(/* @vite-ignore */ `../../../lib/${role.code.module}.ts`)) as Record<string, unknown>;
    const fn = 'open' in role ? role.open : 'loss' in role ? role.loss : 'apply' in role ? role.apply : role.create;
    expect(mod[role.code.name]).toBe(fn);
  });

  it('gives each block its params type by type id, as its schema parses them', () => {
    expectTypeOf<ParamsOf<'dataset'>>().toEqualTypeOf<DatasetParams>();
    expectTypeOf<ParamsOf<'adam'>['beta1']>().toEqualTypeOf<number>();
    expectTypeOf<ParamsOf<'relativisticLoss'>['objective']>().toEqualTypeOf<'standard' | 'least-squares' | 'hinge'>();
    const parsed: ParamsOf<'noise'> = blocks.get('noise')!.params.parse({}) as ParamsOf<'noise'>;
    expect(parsed).toEqual({ dim: 100, distribution: 'normal' });
  });
});
