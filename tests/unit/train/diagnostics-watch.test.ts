import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import type { Design } from '../../../lib/graph/schema';
import { getPreset } from '../../../lib/presets';
import { designFacts } from '../../../lib/train/diagnostics';
import { HealthWatch } from '../../../lib/train/health-watch';
import { planTraining } from '../../../lib/train/plan';
import type { FromWorker, SampleFrame } from '../../../lib/train/protocol';
import { initialRunState, runReducer } from '../../../lib/train/run-state';
import type { Trainer } from '../../../lib/train/trainer';
import { validateDesign } from '../../../lib/validate';
import { history } from './diagnostics-fixtures';

const planOf = (d: Design) => planTraining(d, validateDesign(d), blocks);
const preset = (id: string) => getPreset(id)!.design;

describe('design facts, read off real designs', () => {
  it('ring8-2d: the non-saturating loss on logits, D the critic, each network’s optimizer node', () => {
    const f = designFacts(planOf(preset('ring8-2d')), preset('ring8-2d'));
    expect(f.loss).toEqual({ nodeId: 'loss', objective: 'non-saturating', scores: 'logits' });
    expect(f).toMatchObject({ critics: ['D'], generators: ['G'], penalties: [], clips: [], spectralNorm: false, settings: { emaDecay: 0.99 } });
    expect(f.optimizers.map((o) => [o.nodeId, o.network, o.learningRate])).toEqual([
      ['opt_G', 'G', 1e-3],
      ['opt_D', 'D', 1e-3],
    ]);
  });
  it('WGAN-GP names its penalty and the key its value is reported under; WGAN its clipping; SNGAN its spectral norm', () => {
    const gp = designFacts(planOf(preset('wgan-gp-mnist')), preset('wgan-gp-mnist'));
    expect(gp.loss?.objective).toBe('wasserstein');
    expect(gp.penalties).toEqual([{ nodeId: 'gp', type: 'gradientPenalty', metric: 'gp', weight: 10 }]);
    expect(gp.settings.nCritic).toBe(5);
    expect(designFacts(planOf(preset('wgan-clip-mnist')), preset('wgan-clip-mnist')).clips.length).toBe(1);
    expect(designFacts(planOf(preset('sngan-hinge-mnist')), preset('sngan-hinge-mnist'))).toMatchObject({ spectralNorm: true, loss: { objective: 'hinge' } });
  });
});

describe('the worker’s health watch', () => {
  const design = preset('ring8-2d');
  const trainer = { plan: planOf(design) } as unknown as Trainer;
  const frame = (step: number, spread: number): SampleFrame => ({ kind: 'points', step, fake: Float32Array.from([0, 0, spread, 0, 0, spread]), real: Float32Array.from([0, 0, 2, 0, 0, 2]), surface: null });
  it('posts a health report on each frame, and the dashboard state keeps it until another run opens', () => {
    const posted: FromWorker[] = [];
    const watch = new HealthWatch((m) => posted.push(m));
    const h = history(1000, (s) => ({ dReal: s < 300 ? 0.4 : 9, dFake: s < 300 ? -0.4 : -2 }));
    watch.frame('k', trainer, design, frame(50, 1), h.slice(0, 50), []);
    watch.frame('k', trainer, design, frame(1000, 1), h, []);
    expect(posted.map((m) => m.type)).toEqual(['health', 'health']);
    const last = posted[1]!;
    if (last.type !== 'health') throw new Error('not a health report');
    expect(last.health).toMatchObject({ fromStep: 1, toStep: 1000 });
    expect(last.health.diagnoses.map((d) => d.code)).toContain('discriminator-saturated');
    let s = runReducer(initialRunState, posted[0]!);
    expect(s.health?.diagnoses).toEqual([]);
    s = runReducer(s, last);
    expect(s.health?.diagnoses.length).toBeGreaterThan(0);
    expect(runReducer(s, { type: 'opened', key: 'other' }).health).toBeNull();
  });
});
