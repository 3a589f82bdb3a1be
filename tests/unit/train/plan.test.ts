import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { penaltyCall, planTraining } from '../../../lib/train/plan';
import { validateDesign } from '../../../lib/validate';

const plan = (id: string, edit: (d: Design) => void = () => {}) => {
  const d = structuredClone(getPreset(id)!.design);
  edit(d);
  return planTraining(d, validateDesign(d), blocks);
};

describe('planTraining: the step as data, from the blocks’ roles', () => {
  it.each([
    ['dcgan-mnist', [['critic', ['D'], true], ['generator', ['G'], false]]],
    ['aae-mnist', [['reconstruction', ['E', 'G'], false], ['critic', ['D'], true], ['generator', ['E', 'G'], false]]],
    ['wgan-clip-mnist', [['critic', ['D'], true], ['generator', ['G'], false]]],
  ] as const)('%s: phases, their networks and repeats', (id, phases) => {
    const p = plan(id);
    expect(p.phases.map((ph) => [ph.name, [...ph.networks].sort(), ph.repeat])).toEqual(phases.map(([n, nets, r]) => [n, [...nets].sort(), r]));
  });

  it('puts weight clipping on the critic phase, and only there', () => {
    const p = plan('wgan-clip-mnist');
    expect(p.phases.find((ph) => ph.name === 'critic')!.constraints.map((c) => c.network)).toEqual(['D']);
    expect(p.phases.find((ph) => ph.name === 'generator')!.constraints).toEqual([]);
  });

  it('a penalty differentiates the critic behind its real scores, whatever order its edges were drawn in', () => {
    const reversed = plan('wgan-gp-mnist', (d) => d.training.edges.reverse());
    const gp = reversed.terms.find((t) => t.role.penalty)!;
    expect(penaltyCall(gp)).toEqual(gp.inputs.get('real'));
    expect(gp.inputs.get('real')).not.toEqual(gp.inputs.get('fake'));
    expect([...gp.inputs.keys()][0]).toBe('fake');
  });

  it('reports D(x) and D(G(z)) from the first scored term by id, and knows a Wasserstein critic', () => {
    expect(plan('wgan-gp-mnist').wasserstein).toBe(true);
    expect(plan('dcgan-mnist').wasserstein).toBe(false);
    const cycle = plan('cyclegan-mnist');
    const scored = cycle.terms.filter((t) => t.role.scores?.fake && !t.role.penalty).map((t) => t.id).sort();
    expect(cycle.scoreTerm?.id).toBe(scored[0]);
  });
});
