// Time to export each preset as a standalone TypeScript project (lib/codegen generateProject: validation, the
// training plan, the three generated files filled in with ts-morph, package.json and README), the work behind
// `gan export` and POST /api/export. Goal from the export issue: at most 2 s per preset.
import { join } from 'node:path';
import { generateProject } from '../../lib/codegen/generate';
import { loadTemplates } from '../../lib/codegen/templates';
import { parseDesign } from '../../lib/graph/parse';
import { PRESETS } from '../../lib/presets';
import { medianMs, type Bench } from './harness';

const RUNS = 5;
const GOAL_MS = 2000;

const bench: Bench = {
  title: 'Export to a TypeScript project',
  async run(report) {
    const templates = loadTemplates(join(import.meta.dirname, '../../templates'));
    const designs = PRESETS.map((p) => {
      const parsed = parseDesign(structuredClone(p.design));
      if (!parsed.ok) throw new Error(`preset ${p.id} does not parse`);
      return { id: p.id, design: parsed.design };
    });
    // The first export in a process also loads TypeScript (through ts-morph) and creates its in-memory project.
    const t0 = performance.now();
    generateProject(designs[0]!.design, { templates });
    const cold = performance.now() - t0;
    report.goal({ name: `first export in a process (${designs[0]!.id}, loads ts-morph)`, value: cold, unit: 'ms', target: `≤ ${GOAL_MS} ms`, ok: cold <= GOAL_MS });
    for (const { id, design } of designs) {
      let files = 0;
      const ms = await medianMs(() => (files = generateProject(design, { templates }).size), RUNS);
      report.goal({ name: `export ${id}`, value: ms, unit: 'ms', target: `≤ ${GOAL_MS} ms`, ok: ms <= GOAL_MS, note: `median of ${RUNS}, ${files} files` });
    }
  },
};

export default bench;
