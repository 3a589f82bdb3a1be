import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectFiles } from '../../../lib/codegen/generate';
import { PRESETS } from '../../../lib/presets';
import { srganWithFeatureLoss } from '../train/feature-design';
import { generate, hostileDesign, inMemoryDiagnostics, presetDesign, ROOT, writeProject } from './helpers';

describe('exported projects type-check against the installed tfjs types', () => {
  it('every preset, two with hostile names and labels, and a feature loss, in memory (ts-morph getPreEmitDiagnostics)', () => {
    const projects = new Map<string, ProjectFiles>(PRESETS.map((p) => [p.id, generate(presetDesign(p.id))]));
    for (const id of ['cgan-mnist', 'ring8-2d']) projects.set(`hostile-${id}`, generate(hostileDesign(id)));
    // A block no preset uses: the feature loss, whose project loads the frozen classifier (src/frozen.ts).
    projects.set('srgan-feature-loss', generate(srganWithFeatureLoss()));
    const { diagnostics, format } = inMemoryDiagnostics(projects);
    expect(diagnostics.length, format(diagnostics.slice(0, 10))).toBe(0);
  }, 300_000);

  // The real compiler on the real tsconfig.json (module NodeNext), files on disk, node_modules linked to the repo's.
  it.each(['dcgan-mnist', 'ring8-2d'])('%s, with `tsc -p` on disk', (id) => {
    const { dir, cleanup } = writeProject(generate(presetDesign(id)), id);
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 240_000 });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    } finally {
      cleanup();
    }
  }, 300_000);
});
