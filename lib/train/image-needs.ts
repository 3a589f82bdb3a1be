import type { BlockRegistry } from '../blocks/registry';
import type { FrozenName } from '../blocks/types';
import type { ImageSetNeed } from '../data/source';
import type { Design } from '../graph/schema';

/**
 * The image sets a design's sources read (MNIST, the user's folders), asked of each source block; params are parsed
 * by the block's own schema, and a source whose params do not parse needs nothing (validation reports it).
 */
export function imageSetNeeds(design: Design, registry: BlockRegistry): ImageSetNeed[] {
  const needs = new Map<string, ImageSetNeed>();
  for (const n of design.training.nodes) {
    const block = registry.get(n.type);
    if (!block?.source?.imageSets) continue;
    const parsed = block.params.safeParse(n.params);
    if (!parsed.success) continue;
    for (const need of block.source.imageSets(parsed.data)) if (!needs.has(need.name)) needs.set(need.name, need);
  }
  return [...needs.values()];
}

/** The range the design's image data is scaled to (for showing samples): its first source that says. */
export function pixelRange(design: Design, registry: BlockRegistry): '[-1,1]' | '[0,1]' {
  for (const n of design.training.nodes) {
    const block = registry.get(n.type);
    const parsed = block?.source?.pixelRange ? block.params.safeParse(n.params) : null;
    if (!parsed?.success) continue;
    for (const port of block!.outputs(parsed.data, { networks: new Map() })) {
      const range = block!.source!.pixelRange!(parsed.data, port.id);
      if (range) return range;
    }
  }
  return '[-1,1]';
}

/** The frozen networks a design's loss terms read (a feature loss's MNIST classifier), for the host to load before training. */
export function frozenNeeds(design: Design, registry: BlockRegistry): FrozenName[] {
  const needs = new Set<FrozenName>();
  for (const n of design.training.nodes) {
    const block = registry.get(n.type);
    if (!block?.term?.frozen) continue;
    const parsed = block.params.safeParse(n.params);
    if (parsed.success) for (const name of block.term.frozen(parsed.data)) needs.add(name);
  }
  return [...needs];
}
