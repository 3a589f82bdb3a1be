import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ring8Variant, type RunKind } from './diagnostics-designs';

/**
 * The health check on real runs, through the CLI (the acceptance): runs built to fail name their failure,
 * and a healthy run names nothing. ring8-2d variants on wasm (≈ 15–20 ms a step); the four runs go two at a time.
 * What each raises was measured with `gan train --log` (seed 1) and is written beside each rule's thresholds.
 */
const dir = mkdtempSync(join(tmpdir(), 'gan-diagnose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Summary = { steps: number; diagnostics: { code: string; severity: string; evidence: { figures: Record<string, number> }; suggestion: { setting: unknown } }[] };

function gan(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('npx', ['tsx', 'cli/gan.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const trained = new Map<RunKind, Promise<Summary>>();
/** Trains a variant once (tests share the result); the first two start at once, the others when asked. */
function train(kind: RunKind, steps: number): Promise<Summary> {
  let run = trained.get(kind);
  if (!run) {
    const file = join(dir, `${kind}.gan.json`);
    writeFileSync(file, JSON.stringify(ring8Variant(kind)));
    run = gan(['train', file, '--steps', String(steps), '--seed', '1', '--backend', 'wasm', '--json', '--log', join(dir, `${kind}.jsonl`), ...(kind === 'strong-d' ? ['--save', join(dir, `${kind}.ckpt`)] : [])]).then((r) => {
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Summary;
    });
    trained.set(kind, run);
  }
  return run;
}
const codes = (s: Summary) => s.diagnostics.map((d) => d.code);

describe('gan train and gan diagnose name what goes wrong', () => {
  it('a healthy ring8-2d run raises nothing', async () => {
    void train('strong-d', 600);
    const s = await train('healthy', 1000);
    expect(s.steps).toBe(1000);
    expect(s.diagnostics).toEqual([]);
  }, 180_000);

  it('a discriminator with 10× the learning rate saturates (and collapses the generator), and gan diagnose agrees from the log and the checkpoint', async () => {
    const s = await train('strong-d', 600);
    expect(codes(s)).toContain('discriminator-saturated');
    expect(codes(s)).not.toContain('diverging');
    expect(codes(s)).not.toContain('dead-generator');
    expect(codes(s)).not.toContain('lipschitz-ignored');
    const sat = s.diagnostics.find((d) => d.code === 'discriminator-saturated')!;
    expect(sat.evidence.figures['D(x)']).toBeGreaterThan(0.95);
    expect(sat.suggestion.setting).toEqual({ kind: 'node', nodeId: 'opt_D', param: 'learningRate' });
    const read = await Promise.all([join(dir, 'strong-d.jsonl'), join(dir, 'strong-d.ckpt')].map((file) => gan(['diagnose', file, '--json'])));
    for (const r of read) {
      expect(r.status, r.stderr).toBe(0);
      expect(codes(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Summary)).toEqual(codes(s));
    }
  }, 180_000);

  it('a generator without EMA at 5× the learning rate and β1 0.9 collapses', async () => {
    void train('wgan-unconstrained', 1200);
    const s = await train('collapse', 1000);
    expect(codes(s)).toContain('mode-collapse');
    expect(codes(s)).not.toContain('discriminator-saturated');
    expect(codes(s)).not.toContain('diverging');
    expect(codes(s)).not.toContain('dead-generator');
  }, 180_000);

  it('a Wasserstein critic with neither clipping nor a penalty diverges, and the fix names the missing constraint', async () => {
    void train('wgan-gp-loose', 600);
    const s = await train('wgan-unconstrained', 1200);
    expect(codes(s)).toContain('diverging');
    expect(codes(s)).not.toContain('discriminator-saturated');
    expect(codes(s)).not.toContain('lipschitz-ignored');
    expect(s.diagnostics.find((d) => d.code === 'diverging')!.suggestion.setting).toEqual({ kind: 'node', nodeId: 'loss', param: 'objective' });
  }, 180_000);

  it('a WGAN-GP whose penalty is 100× too light has a critic far from 1-Lipschitz, and the fix is λ', async () => {
    const s = await train('wgan-gp-loose', 600);
    expect(codes(s)).toContain('lipschitz-ignored');
    expect(codes(s)).not.toContain('diverging');
    expect(codes(s)).not.toContain('discriminator-saturated');
    expect(s.diagnostics.find((d) => d.code === 'lipschitz-ignored')!.suggestion.setting).toEqual({ kind: 'node', nodeId: 'gp', param: 'weight' });
  }, 180_000);

  it('text mode says so in words, and bad input is refused with a message and no stack trace', async () => {
    await train('healthy', 1000);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, readFileSync(join(dir, 'healthy.jsonl'), 'utf8').replace('"type":"step","step":5,', '"type":"step","step":"five",'));
    const [ok, damaged, design] = await Promise.all([join(dir, 'healthy.jsonl'), bad, join(dir, 'healthy.gan.json')].map((file) => gan(['diagnose', file])));
    expect(ok!.status, ok!.stderr).toBe(0);
    expect(ok!.stdout).toMatch(/no problems seen over steps 1–1000/);
    for (const [r, message] of [
      [damaged!, /damaged: history\.4\.step/],
      [design!, /not a GAN Studio run log/],
    ] as const) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 180_000);
});
