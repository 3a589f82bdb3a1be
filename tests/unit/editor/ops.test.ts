import { describe, expect, it } from 'vitest';
import { addNetwork, addNode, defaultParams, emptyDesign, networkIdProblem, removeElements, renameNetwork, setLabel, suggestNetworkId } from '../../../lib/editor/ops';
import { getGraph } from '../../../lib/editor/scope';
import { validateDesign } from '../../../lib/validate';
import { net, preset, TRAIN, wire } from './helpers';

describe('design operations', () => {
  it('new blocks start from their schema defaults; calls and optimizers name a network', () => {
    let d = addNetwork(addNetwork(emptyDesign(), 'G'), 'D');
    expect(defaultParams('dense', d)).toEqual({ units: 128, useBias: true, activation: 'linear', spectralNorm: false });
    expect(defaultParams('call', d)).toEqual({ network: 'G' });
    d = addNode(d, TRAIN, 'adam', { x: 0, y: 0 }).design;
    expect(d.training.nodes[0]!.params['network']).toBe('G');
    expect(defaultParams('adam', d)).toMatchObject({ network: 'D', learningRate: 2e-4 });
    expect(defaultParams('noSuchBlock', d)).toEqual({});
  });

  it('ids are readable and unique per graph', () => {
    let d = addNetwork(emptyDesign(), 'G');
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const r = addNode(d, net('G'), 'dense', { x: 0, y: 0 });
      d = r.design;
      ids.push(r.id);
    }
    expect(ids).toEqual(['dense', 'dense_2', 'dense_3']);
  });

  it('removing a block removes its wires', () => {
    const d = removeElements(preset(), net('G'), ['fc2'], []);
    const g = getGraph(d, net('G'))!;
    expect(g.nodes.some((n) => n.id === 'fc2')).toBe(false);
    expect(g.edges.some((e) => e.source === 'fc2' || e.target === 'fc2')).toBe(false);
    expect(g.edges.length).toBe(getGraph(preset(), net('G'))!.edges.length - 2);
  });

  it('a new wire into a taken input replaces the old one', () => {
    const d = wire(preset(), net('G'), 'fc1', 'out', 'act2', 'in');
    const into = getGraph(d, net('G'))!.edges.filter((e) => e.target === 'act2');
    expect(into.map((e) => e.source)).toEqual(['fc1']);
  });

  it('renaming a network renames the calls and optimizers that name it, and the design stays valid', () => {
    const d = renameNetwork(preset(), 'G', 'Gen');
    expect(d.networks.map((n) => n.id)).toEqual(['Gen', 'D']);
    expect(d.training.nodes.filter((n) => n.params['network'] === 'Gen').map((n) => n.id)).toEqual(['G_call', 'opt_G']);
    expect(validateDesign(d).problems).toEqual([]);
  });

  it('checks network ids', () => {
    const d = preset();
    expect(networkIdProblem(d, 'G')).toMatch(/already/);
    expect(networkIdProblem(d, 'G', 'G')).toBeNull();
    expect(networkIdProblem(d, '2nd')).toMatch(/starts with a letter/);
    expect(networkIdProblem(d, 'a b')).toMatch(/letters, digits/);
    expect(networkIdProblem(d, 'E')).toBeNull();
    expect(suggestNetworkId(d)).toBe('E');
    expect(suggestNetworkId(emptyDesign())).toBe('G');
  });

  it('an empty label removes the label', () => {
    const d = setLabel(setLabel(preset(), net('G'), 'fc1', 'first'), net('G'), 'fc1', '  ');
    expect(getGraph(d, net('G'))!.nodes.find((n) => n.id === 'fc1')).not.toHaveProperty('label');
  });
});
