import { describe, expect, it } from 'vitest';
import { foldersOf, treeKey, treeRows } from '../../../components/export/file-tree';

/** The export dialog's file tree (components/export/file-tree.ts). */
const PATHS = ['README.md', 'src/models.ts', 'src/train.ts', 'package.json', 'src/lib/rng.ts', 'src/lib/shapes/shape.ts', 'src/png.ts'];
const show = (rows: ReturnType<typeof treeRows>) => rows.map((r) => `${'  '.repeat(r.level - 1)}${r.name}${r.kind === 'folder' ? (r.expanded ? ' v' : ' >') : ''}`);

describe('treeRows', () => {
  it('closed folders show only themselves; folders come before files, both in the order given', () => {
    expect(show(treeRows(PATHS, new Set()))).toEqual(['src >', 'README.md', 'package.json']);
  });

  it('an expanded folder shows its entries one level down, with their positions among their siblings', () => {
    const rows = treeRows(PATHS, new Set(['src', 'src/lib']));
    expect(show(rows)).toEqual(['src v', '  lib v', '    shapes >', '    rng.ts', '  models.ts', '  train.ts', '  png.ts', 'README.md', 'package.json']);
    const rng = rows.find((r) => r.path === 'src/lib/rng.ts')!;
    expect(rng).toMatchObject({ level: 3, posInSet: 2, setSize: 2, parent: 'src/lib' });
    expect(rows.find((r) => r.path === 'package.json')).toMatchObject({ level: 1, posInSet: 3, setSize: 3, parent: null });
  });

  it('a folder inside a closed folder stays hidden even when it is marked open', () => {
    expect(show(treeRows(PATHS, new Set(['src/lib'])))).toEqual(['src >', 'README.md', 'package.json']);
  });

  it('foldersOf lists the folders a file is in, outermost first', () => {
    expect(foldersOf('src/lib/shapes/shape.ts')).toEqual(['src', 'src/lib', 'src/lib/shapes']);
    expect(foldersOf('README.md')).toEqual([]);
  });
});

describe('treeKey (the ARIA tree view keys)', () => {
  const rows = treeRows(PATHS, new Set(['src']));
  it.each([
    ['src', 'ArrowDown', { focus: 'src/lib' }],
    ['src/lib', 'ArrowUp', { focus: 'src' }],
    ['src/lib', 'ArrowRight', { expand: 'src/lib' }],
    ['src', 'ArrowRight', { focus: 'src/lib' }],
    ['src', 'ArrowLeft', { collapse: 'src' }],
    ['src/models.ts', 'ArrowLeft', { focus: 'src' }],
    ['src/models.ts', 'ArrowRight', null],
    ['README.md', 'ArrowLeft', null],
    ['package.json', 'ArrowDown', null],
    ['package.json', 'Home', { focus: 'src' }],
    ['src', 'End', { focus: 'package.json' }],
    ['src', 'x', null],
  ] as const)('%s %s', (at, key, want) => {
    expect(treeKey(rows, at, key)).toEqual(want);
  });
});
