import type { Design } from '../graph/schema';

export type Preset = {
  id: string;
  title: string;
  /** One paragraph: what the design is and what to expect when training it. */
  description: string;
  paper: { title: string; authors: string; year: number };
  tags: readonly string[];
  design: Design;
  /** What training this preset was measured to learn (the gallery shows it); figures from real runs, never typed in by guess. */
  measured?: LearningRecord | StepRecord;
};

/**
 * Seeded headless runs of a preset (`gan train preset:ID --steps N --seed S --backend wasm --json`, as
 * `npm run bench -- learning` repeats them), scored on 2,500 samples as PacGAN / VEEGAN do.
 */
export type LearningRecord = {
  steps: number;
  backend: 'wasm';
  /** The design's criticKeep below 1: `modes` and `highQuality` score D's best share of candidates, `raw` G's own samples. */
  criticKeep?: number;
  runs: readonly { seed: number; modes: number; totalModes: number; highQuality: number; msPerStep: number; raw?: { modes: number; highQuality: number } }[];
};

export function preset(p: Omit<Preset, 'design'> & { build: (meta: Pick<Design, 'name' | 'description' | 'paper'>) => Design }): Preset {
  const { build, ...rest } = p;
  return { ...rest, design: build({ name: p.title, description: p.description, paper: p.paper }) };
}

/**
 * Seeded headless runs of a preset that no bundled metric scores (colour images: the classifier knows only MNIST
 * digits), from the same `gan train … --json` summary: the step's cost, D's mean scores (logits) on the last step's
 * real and generated batches (`dReal`, `dFake`) and how many problems the health check saw.
 */
export type StepRecord = {
  kind: 'step';
  steps: number;
  backend: 'wasm';
  runs: readonly { seed: number; msPerStep: number; dRealLogit: number; dFakeLogit: number; healthProblems: number }[];
};
