import { describe, expect, it, vi } from 'vitest';
import { createAutosaver, type SaveStatus } from '../../../lib/storage/autosave';
import * as library from '../../../lib/storage/library';
import { memoryDesignStore } from '../../../lib/storage/memory-store';
import { preset } from './helpers';

describe('saved designs', () => {
  it('creates, lists newest first, renames, duplicates and deletes', async () => {
    const store = memoryDesignStore();
    const a = await library.createDesign(store, preset('gan-mlp-mnist'), 'training', 1000);
    const b = await library.createDesign(store, preset('dcgan-mnist'), 'network:G', 2000);
    expect(await library.currentDesignId(store)).toBe(b.id);
    expect((await library.listDesigns(store)).map((d) => d.id)).toEqual([b.id, a.id]);
    await library.renameDesign(store, a.id, 'Mine', 3000);
    expect((await library.loadDesign(store, a.id))?.design.name).toBe('Mine');
    const copy = await library.duplicateDesign(store, a.id, 4000);
    expect(copy?.name).toBe('Mine (copy)');
    expect((await library.listDesigns(store)).map((d) => d.name)).toEqual(['Mine (copy)', 'Mine', b.name]);
    await library.deleteDesign(store, a.id);
    expect((await library.listDesigns(store)).map((d) => d.id)).toEqual([copy!.id, b.id]);
    expect((await library.loadDesign(store, b.id))?.scope).toBe('network:G');
  });

  it('skips damaged records instead of failing', async () => {
    const store = memoryDesignStore();
    await store.put({ id: 'x', name: 'broken', design: { version: 1 } as never, scope: 'training', createdAt: 0, updatedAt: 0 });
    expect(await library.listDesigns(store)).toEqual([]);
    expect(await library.loadDesign(store, 'x')).toBeNull();
  });

  it('an imported design whose name is taken comes in as "… (2)", "… (3)"', async () => {
    const store = memoryDesignStore();
    const design = preset('dcgan-mnist');
    const importAgain = async () => {
      const name = await library.importName(store, design.name);
      await library.createDesign(store, { ...design, name });
      return name;
    };
    expect(await importAgain()).toBe(design.name);
    expect(await importAgain()).toBe(`${design.name} (2)`);
    expect(await importAgain()).toBe(`${design.name} (3)`);
    expect((await library.listDesigns(store)).map((d) => d.name).sort()).toEqual([design.name, `${design.name} (2)`, `${design.name} (3)`]);
  });

  it.each([
    ['GAN', [], 'GAN'],
    ['GAN', ['GAN'], 'GAN (2)'],
    ['GAN', ['GAN', 'GAN (2)', 'GAN (4)'], 'GAN (3)'],
    ['GAN (2)', ['GAN', 'GAN (2)'], 'GAN (3)'],
    ['Ring (2-D)', ['Ring (2-D)'], 'Ring (2-D) (2)'],
    ['GAN (copy)', ['GAN (copy)'], 'GAN (copy) (2)'],
  ])('uniqueName(%j, %j) is %j', (name, taken, want) => {
    expect(library.uniqueName(name, taken)).toBe(want);
  });

  it('a numbered name stays within the 200 characters a design name may have', () => {
    const long = 'x'.repeat(200);
    const name = library.uniqueName(long, [long]);
    expect(name).toHaveLength(200);
    expect(name.endsWith(' (2)')).toBe(true);
  });
});

describe('autosave', () => {
  it('debounces to the last value and flushes at once on demand', async () => {
    vi.useFakeTimers();
    const writes: number[] = [];
    const statuses: SaveStatus[] = [];
    const saver = createAutosaver<number>({ write: async (v) => void writes.push(v), delay: 250, onStatus: (s) => statuses.push(s) });
    saver.schedule(1);
    saver.schedule(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(writes).toEqual([]);
    saver.schedule(3);
    await vi.advanceTimersByTimeAsync(250);
    expect(writes).toEqual([3]);
    saver.schedule(4);
    await saver.flush();
    expect(writes).toEqual([3, 4]);
    expect(statuses.at(-1)).toBe('saved');
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([3, 4]);
    vi.useRealTimers();
  });

  it('reports a failed write', async () => {
    const statuses: SaveStatus[] = [];
    const saver = createAutosaver<number>({ write: async () => Promise.reject(new Error('disk full')), onStatus: (s) => statuses.push(s) });
    saver.schedule(1);
    await saver.flush();
    expect(statuses).toEqual(['pending', 'saving', 'error']);
  });
});
