import { blocks } from '../../lib/blocks';
import { setParam, setSetting } from '../../lib/editor/ops';
import { fieldLabel, fieldsOf, type Field } from '../../lib/editor/param-fields';
import { TRAINING } from '../../lib/editor/scope';
import { zSettings, type Design } from '../../lib/graph/schema';

/**
 * What a fork may change before it continues from saved weights: the training settings (but the sample interval,
 * which changes nothing trained) and the params of the training graph's optimizers and losses (a learning rate, an
 * objective) — the fields and parsing the inspector uses (lib/editor/param-fields.ts), as numbers and choices.
 */
export type ForkSetting = { id: string; label: string; field: Extract<Field, { kind: 'number' | 'select' }>; value: unknown; apply: (d: Design, v: unknown) => Design };

const editable = (f: Field): f is ForkSetting['field'] => f.kind === 'number' || f.kind === 'select';

export function forkSettings(design: Design): ForkSetting[] {
  const settings = fieldsOf(zSettings)
    .filter(editable)
    .filter((f) => f.name !== 'sampleEvery')
    .map((f): ForkSetting => ({
      id: `settings.${f.name}`,
      label: `Settings · ${fieldLabel(f.name)}`,
      field: f,
      value: (design.training.settings as Record<string, unknown>)[f.name],
      apply: (d, v) => setSetting(d, f.name, v),
    }));
  // Optimizers first: a learning rate is what a fork changes most often.
  const rank = (type: string) => (blocks.get(type)?.category === 'optimizer' ? 0 : 1);
  const nodes = [...design.training.nodes].sort((a, b) => rank(a.type) - rank(b.type));
  const params = nodes.flatMap((n) => {
    const block = blocks.get(n.type);
    if (!block || (block.category !== 'optimizer' && block.category !== 'loss')) return [];
    const parsed = block.params.safeParse(n.params);
    const values: Record<string, unknown> = parsed.success && typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Record<string, unknown>) : n.params;
    return fieldsOf(block.params)
      .filter(editable)
      .map((f): ForkSetting => ({
        id: `${n.id}.${f.name}`,
        label: `${n.label ?? n.id} · ${fieldLabel(f.name)}`,
        field: f,
        value: values[f.name],
        apply: (d, v) => setParam(d, TRAINING, n.id, f.name, v),
      }));
  });
  return [...params, ...settings];
}
