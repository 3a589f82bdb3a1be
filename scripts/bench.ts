// `npm run bench`: speed and memory goals, measured in one run on this machine (never timed assertions in tests).
// Each module under scripts/bench/ measures one area; `npm run bench -- <filter>` runs those whose file name matches.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import type { Bench, Figure, Goal } from './bench/harness';

const dir = join(import.meta.dirname, 'bench');
// Options (`--backend wasm`) belong to the modules; `profile <preset>` names a preset, not a second filter.
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const filter = positional[0] === 'profile' ? ['profile'] : positional;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)))
  .sort();

console.log(`GAN Studio bench — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`);
let missed = 0;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: Bench };
  console.log(`\n## ${mod.default.title} (${f})`);
  await mod.default.run({
    figure: (x: Figure) => console.log(`  ${x.name}: ${fmt(x.value)} ${x.unit}${x.note ? `  (${x.note})` : ''}`),
    goal: (g: Goal) => {
      if (!g.ok) missed++;
      console.log(`  ${g.ok ? 'PASS' : 'MISS'} ${g.name}: ${fmt(g.value)} ${g.unit} (target ${g.target})${g.note ? `  ${g.note}` : ''}`);
    },
    skip: (name: string, why: string) => console.log(`  SKIP ${name}: ${why}`),
  });
}
console.log(`\nbench: ${files.length} modules, ${missed} goals missed`);

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
