import type { AnyBlock } from './types';

/** Block definitions keyed on their static type id; registering an id twice fails fast (cf. tfjs serialization.registerClass). */
export class BlockRegistry {
  private readonly byType = new Map<string, AnyBlock>();

  constructor(defs: readonly AnyBlock[] = []) {
    for (const d of defs) this.register(d);
  }

  register(def: AnyBlock): void {
    if (this.byType.has(def.type)) throw new Error(`duplicate block "${def.type}"`);
    this.byType.set(def.type, def);
  }

  get(type: string): AnyBlock | undefined {
    return this.byType.get(type);
  }

  all(): AnyBlock[] {
    return [...this.byType.values()];
  }
}
