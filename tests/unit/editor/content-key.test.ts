import { describe, expect, it } from 'vitest';
import { autoLayout, moveNodes, setLabel, setParam } from '../../../lib/editor/ops';
import { contentKey } from '../../../lib/graph/content-key';
import type { Design } from '../../../lib/graph/schema';
import { net, preset, TRAIN } from './helpers';

describe('contentKey: the design without where its blocks sit', () => {
  const base = preset();
  const cases: [string, (d: Design) => Design, boolean][] = [
    ['moving a layer', (d) => moveNodes(d, net('G'), { fc1: { x: 900, y: -40 } }), false],
    ['moving a training block', (d) => moveNodes(d, TRAIN, { [d.training.nodes[0]!.id]: { x: 5, y: 5 } }), false],
    ['auto-layout', (d) => autoLayout(moveNodes(d, net('G'), { fc1: { x: 900, y: -40 } }), net('G')), false],
    ['a param', (d) => setParam(d, net('G'), 'fc1', 'units', 64), true],
    ['a label', (d) => setLabel(d, net('G'), 'fc1', 'first'), true],
    ['the name', (d) => ({ ...d, name: 'renamed' }), true],
  ];
  it.each(cases)('%s changes it: %s', (_what, edit, changes) => {
    const d = edit(base);
    expect(d).not.toBe(base);
    expect(contentKey(d) !== contentKey(base)).toBe(changes);
  });
});
