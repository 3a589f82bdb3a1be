import type { Design } from '../graph/schema';

export type Preset = {
  id: string;
  title: string;
  /** One paragraph: what the design is and what to expect when training it. */
  description: string;
  paper: { title: string; authors: string; year: number };
  tags: readonly string[];
  design: Design;
};

export function preset(p: Omit<Preset, 'design'> & { build: (meta: Pick<Design, 'name' | 'description' | 'paper'>) => Design }): Preset {
  const { build, ...rest } = p;
  return { ...rest, design: build({ name: p.title, description: p.description, paper: p.paper }) };
}
