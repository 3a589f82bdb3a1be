import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../../lib/blocks';
import { CodegenError, generateProject } from '../../../lib/codegen/generate';
import { generateTorchProject, TorchExportError } from '../../../lib/codegen/python/generate';
import { loadTemplates, loadTorchTemplates } from '../../../lib/codegen/templates';
import { buildNetwork } from '../../../lib/compile/build-network';
import { ERROR_CODES } from '../../../lib/graph/problems';
import { Trainer } from '../../../lib/train/trainer';
import { machineBudget, validateText } from '../../../lib/validate';
import { mutate, WEIRD_VALUES, type Json } from '../design/mutations';
import { nestedText, preset, PROTOTYPE_NAMES, renameIds } from './corpus';
import { ROOT } from '../codegen/helpers';
import { join } from 'node:path';

const templates = loadTemplates(join(ROOT, 'templates'));
const torchTemplates = loadTorchTemplates(join(ROOT, 'templates'));
/** Small designs, so that a valid mutant can be exported and trained a step inside a unit test. */
const SOURCES = ['ring8-2d', 'grid25-2d', 'gan-mlp-mnist', 'dcgan-mnist'] as const;
const TRAINED = new Set<string>(['ring8-2d', 'grid25-2d']);

/** One hostile edit on top of the confused-user edits: prototype-named ids, deep nesting, huge layers. */
type Hostile = { kind: 'rename'; from: number; to: number } | { kind: 'nest'; depth: number } | { kind: 'huge'; units: number };

function hostileText(d: Json, edits: readonly Hostile[]): string {
  let doc: Json = d;
  let nest = 0;
  for (const e of edits) {
    if (e.kind === 'rename') {
      // Every id in the document, networks and nodes alike, is a candidate.
      // Earlier edits may have broken the document's shape: collect what is still there.
      const list = <T,>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
      const nets = list<{ id?: unknown; nodes?: unknown }>(doc.networks);
      const nodes = [...nets.flatMap((n) => list<{ id?: unknown }>(n?.nodes)), ...list<{ id?: unknown }>((doc.training as { nodes?: unknown } | null)?.nodes)];
      const ids = [...nets, ...nodes].map((x) => x?.id).filter((x): x is string => typeof x === 'string');
      const id = ids[e.from % Math.max(ids.length, 1)];
      if (id) doc = renameIds(doc, { [id]: PROTOTYPE_NAMES[e.to % PROTOTYPE_NAMES.length]! });
    } else if (e.kind === 'nest') nest = Math.max(nest, e.depth);
    else {
      const first = Array.isArray(doc.networks) ? doc.networks[0] : undefined;
      const node = Array.isArray(first?.nodes) ? first.nodes.find((n) => n?.['type'] === 'dense') : undefined;
      if (node && typeof node['params'] === 'object' && node['params'] !== null) (node['params'] as Record<string, unknown>)['units'] = e.units;
    }
  }
  const text = JSON.stringify(doc);
  // Nesting goes in as text: a 100,000-deep value cannot go through JSON.stringify.
  return nest ? text.replace('"description":"', `"paper":{"title":"x","url":${nestedText(nest)}},"description":"`) : text;
}

const KNOWN = new Set(Object.keys(ERROR_CODES));
/** What this test may spend on one design: as a machine with 1 GB would (a budget of 512 MB). */
const BUDGET = machineBudget(1024 ** 3, 'cpu', 'a 1 GB test machine’s', '');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mutated designs with hostile edits', () => {
  it('validate, export (both targets) and train a step, or fail with a known code — in bounded memory', async () => {
    const before = process.memoryUsage().rss;
    let valid = 0;
    let trained = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SOURCES),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(50), fc.nat(50), fc.constantFrom(...WEIRD_VALUES)), { maxLength: 2 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('rename' as const), from: fc.nat(40), to: fc.nat(10) }),
            fc.record({ kind: fc.constant('nest' as const), depth: fc.constantFrom(3, 33, 1000, 100_000) }),
            fc.record({ kind: fc.constant('huge' as const), units: fc.constantFrom(64, 300, 1_000_000) }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        async (source, confused, hostile) => {
          const d = preset(source) as unknown as Json;
          for (const [op, a, b, v] of confused) mutate(d, op, a, b, v);
          const v = validateText(hostileText(d, hostile), blocks, BUDGET);
          for (const p of v.problems) expect(KNOWN, p.message).toContain(p.code);
          if (!v.ok || !v.design) return;
          valid++;
          for (const [gen, Err] of [
            [() => generateProject(v.design, { templates, report: v.report }), CodegenError],
            [() => generateTorchProject(v.design, { templates: torchTemplates, report: v.report }), TorchExportError],
          ] as const) {
            try {
              expect(gen().size).toBeGreaterThan(5);
            } catch (e) {
              expect(e, String(e)).toBeInstanceOf(Err);
            }
          }
          if (!TRAINED.has(source)) return;
          const t = Trainer.create(tf, v.design, v.report, { images: {}, seed: 1, batchSize: 4, buildNetwork: (x, n, r) => buildNetwork(x, n, r, blocks) });
          try {
            const m = await t.trainStep();
            expect(m.step).toBe(1);
            trained++;
          } finally {
            t.dispose();
          }
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
    // The mix reaches every stage, and 10⁶-unit layers and 100,000-deep nesting did not cost their size.
    expect(valid).toBeGreaterThan(3);
    expect(trained).toBeGreaterThan(0);
    expect(process.memoryUsage().rss - before).toBeLessThan(1024 * 1024 * 1024);
  }, 300_000);
});
