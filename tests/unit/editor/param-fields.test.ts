import { describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { fieldLabel, fieldsOf, formatFieldValue, parseFieldInput, type Field } from '../../../lib/editor/param-fields';

const field = (type: string, name: string): Field => {
  const f = fieldsOf(blocks.get(type)!.params).find((x) => x.name === name);
  if (!f) throw new Error(`${type}.${name}`);
  return f;
};

describe('inspector fields from params schemas', () => {
  it.each([
    { type: 'dense', name: 'units', want: { kind: 'number', integer: true, min: 1, max: 1_000_000, help: 'Output features', defaultValue: 128 } },
    { type: 'dense', name: 'activation', want: { kind: 'select', options: ['linear', 'relu', 'elu', 'selu', 'tanh', 'sigmoid', 'softplus'] } },
    { type: 'dense', name: 'useBias', want: { kind: 'boolean', defaultValue: true } },
    { type: 'input', name: 'shape', want: { kind: 'intList', min: 1, minItems: 1, maxItems: 3 } },
    { type: 'dataset', name: 'channels', want: { kind: 'select', options: [1, 3] } },
    { type: 'adam', name: 'learningRate', want: { kind: 'number', integer: false, min: 0, exclusiveMin: true, max: 10 } },
    { type: 'call', name: 'network', want: { kind: 'network' } },
    { type: 'sgd', name: 'network', want: { kind: 'network' } },
  ])('$type.$name', ({ type, name, want }) => {
    expect(field(type, name)).toMatchObject(want);
  });

  it('every block gets a field for every param, each with help text', () => {
    for (const b of blocks.all()) {
      for (const f of fieldsOf(b.params)) {
        expect(f.help, `${b.type}.${f.name}`).not.toBe('');
        expect(f.kind, `${b.type}.${f.name}`).not.toBe('text');
      }
    }
  });

  it.each([
    { type: 'dense', name: 'units', text: '784', ok: true, value: 784 },
    { type: 'dense', name: 'units', text: '7.5', ok: false },
    { type: 'dense', name: 'units', text: '', ok: false },
    { type: 'dense', name: 'units', text: '0', ok: true, value: 0 }, // out of range: the validator reports it on the node
    { type: 'input', name: 'shape', text: '28, 28, 1', ok: true, value: [28, 28, 1] },
    { type: 'input', name: 'shape', text: '28×28', ok: true, value: [28, 28] },
    { type: 'input', name: 'shape', text: '28, a', ok: false },
    { type: 'dataset', name: 'channels', text: '3', ok: true, value: 3 },
    { type: 'adam', name: 'learningRate', text: '1e-4', ok: true, value: 1e-4 },
  ])('parses "$text" for $type.$name', ({ type, name, text, ok, value }) => {
    const r = parseFieldInput(field(type, name), text);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.value).toEqual(value);
  });

  it('formats int lists as comma lists', () => {
    expect(formatFieldValue(field('input', 'shape'), [28, 28, 1])).toBe('28, 28, 1');
  });

  it.each([
    ['units', 'Units'],
    ['learningRate', 'Learning rate'],
    ['kernelSize', 'Kernel size'],
    ['beta1', 'Beta1'],
  ])('labels %s as "%s"', (name, label) => {
    expect(fieldLabel(name)).toBe(label);
  });
});
